export * from './errors/multitenancy.error.js';
export * from './errors/multitenancy-configuration.error.js';
export * from './errors/tenant-required.error.js';
export * from './errors/unknown-tenant.error.js';
export * from './errors/tenant-suspended.error.js';
export * from './errors/tenant-mismatch.error.js';
export * from './errors/invalid-tenant-id.error.js';
export * from './errors/tenant-already-exists.error.js';
export * from './registry/tenant.js';
export * from './registry/tenant-registry.port.js';
export * from './registry/tenant-id.js';
export * from './registry/in-memory-tenant.registry.js';
export * from './registry/tenant-registry.schema.js';
export * from './registry/postgres-tenant.registry.js';
export * from './registry/cached-tenant.registry.js';
export * from './session/tenant-session.binder.js';
export * from './errors/tenant-isolation.error.js';
export * from './resolution/tenant-resolver.js';
export * from './resolution/tenant-resolvers.js';
export * from './resolution/tenant-resolution.options.js';
export * from './resolution/tenant-resolution.service.js';
export * from './resolution/require-active-tenant.js';
export * from './resolution/request-resolution-input.js';
export * from './resolution/tenant.guard.js';
export * from './pipeline/tenant-agnostic.decorator.js';
export * from './pipeline/tenancy-step.options.js';
export * from './pipeline/tenancy.step.js';
export * from './context/tenant-context.service.js';
export * from './module/multitenancy-module.options.js';
export * from './module/multitenancy.module-definition.js';
export * from './module/multitenancy.settings.js';
export * from './module/multitenancy.module.js';
export {
  DEFAULT_TENANT_COLUMN,
  DEFAULT_TENANT_ROLE,
  DEFAULT_TENANT_SETTING,
  type TenantRowLevelSecurityOptions,
  type TenantTable,
} from './rls/tenant-row-level-security.options.js';
export * from './rls/tenant-row-level-security.js';
export * from './rls/suite-tenant-tables.js';
export * from './session/mikro-orm-tenant-session.binder.js';
export * from './session/tenant-session-conflict.error.js';
export * from './rls/tenant-role.grants.js';
export * from './rls/tenant-schema.grants.js';
export * from './storage/tenant-database-pool.options.js';
export * from './storage/tenant-database.pool.js';
export * from './storage/registry-storage.targets.js';
export * from './storage/tenant-storage-not-prepared.error.js';
export * from './storage/tenant-database-unavailable.error.js';
export * from './storage/tenant-database-pool-exhausted.error.js';
export * from './provisioning/tenant.migrator.js';
export * from './provisioning/tenant-provisioner.options.js';
export * from './provisioning/tenant.provisioner.js';
export * from './provisioning/tenant-storage-exists.error.js';
export * from './provisioning/tenant-migration.error.js';
export * from './orm/tenant.filter.js';
export * from './orm/tenant-scoped.decorator.js';
export * from './orm/tenant-assignment.subscriber.js';
export * from './orm/tenant-isolation.config.js';
export * from './orm/multitenant.mixin.js';
