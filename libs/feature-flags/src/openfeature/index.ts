export * from './openfeature-context.mapping.js';
export * from './cqrs-ddd-openfeature.provider.js';
export * from './openfeature-client-flag.provider.js';
