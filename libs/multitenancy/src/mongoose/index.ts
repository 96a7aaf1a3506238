export * from './tenant.plugin.js';
export { SKIP_TENANT_OPTION, type TenantPluginOptions } from './tenant-plugin.options.js';
export { scopeFilter } from './tenant-filter.js';
export { scopePipeline, type TenantScopedCollections } from './tenant-pipeline.js';
