export * from './tenant-registry.contract.js';
export * from './tenant-registry.cases.js';
