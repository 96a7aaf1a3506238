export * from './command-scheduler.contract.js';
