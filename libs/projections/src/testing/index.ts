export * from './parked-event-store.contract.js';
export * from './projection-state-store.contract.js';
export * from './processor-suspension-store.contract.js';
export * from './projections-test-schema.js';
export * from './mongo-test-database.js';
