export * from './unleash-unavailable.error.js';
export * from './unleash-context.mapping.js';
export * from './unleash-feature.mapping.js';
export * from './unleash-feature-flag.provider.js';
