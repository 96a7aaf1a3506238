import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { TenantResolver } from '../resolution/tenant-resolver.js';
import { TenantResolvers } from '../resolution/tenant-resolvers.js';
import type {
  MultitenancyModuleOptions,
  MultitenancyRegistryOptions,
} from './multitenancy-module.options.js';

/** {@link MultitenancyModuleOptions} with the documented defaults applied and checked. */
export interface MultitenancySettings {
  readonly resolvers: readonly TenantResolver[];
  readonly required: boolean;
  readonly registry: 'memory' | 'postgres' | TenantRegistry;
  readonly registryOptions: MultitenancyRegistryOptions;
  readonly registryCacheTtlMs: number;
  readonly platformAdminRole: string;
  readonly trustProxy: boolean;
  readonly trustUnauthenticatedSources: boolean;
  readonly guard: boolean;
  readonly tenants: NonNullable<MultitenancyModuleOptions['tenants']>;
  readonly sessionBinder: MultitenancyModuleOptions['sessionBinder'];
  readonly databases: NonNullable<MultitenancyModuleOptions['databases']>;
  readonly provisioning: NonNullable<MultitenancyModuleOptions['provisioning']>;
}

/** Injection token of the {@link MultitenancySettings}. */
export const MULTITENANCY_SETTINGS = Symbol('cqrs-ddd:MULTITENANCY_SETTINGS');

/**
 * Applies the defaults of {@link MultitenancyModuleOptions}.
 * @throws MultitenancyConfigurationError naming the first invalid option
 */
export function resolveMultitenancySettings(
  options: MultitenancyModuleOptions = {},
): MultitenancySettings {
  const resolvers = options.resolvers ?? [TenantResolvers.claim(), TenantResolvers.header()];
  if (!Array.isArray(resolvers) || resolvers.some((r) => typeof r !== 'function')) {
    fail(
      '`resolvers` must be an array of TenantResolvers (see TenantResolvers.claim(), .header()...).',
    );
  }
  const registry = options.registry ?? 'memory';
  if (registry !== 'memory' && registry !== 'postgres' && !(registry instanceof TenantRegistry)) {
    fail("`registry` must be 'memory', 'postgres' or a TenantRegistry instance.");
  }
  const registryCacheTtlMs = options.registryCacheTtlMs ?? 5000;
  if (!Number.isFinite(registryCacheTtlMs) || registryCacheTtlMs < 0) {
    fail('`registryCacheTtlMs` must be a number of milliseconds >= 0 (0 turns the cache off).');
  }
  const platformAdminRole = options.platformAdminRole ?? 'platform-admin';
  if (typeof platformAdminRole !== 'string' || platformAdminRole === '') {
    fail('`platformAdminRole` must be a non-empty role name.');
  }
  const tenants = options.tenants ?? [];
  if (!Array.isArray(tenants)) fail('`tenants` must be an array of tenants to register.');
  return {
    resolvers,
    required: options.required ?? true,
    registry,
    registryOptions: options.registryOptions ?? {},
    registryCacheTtlMs,
    platformAdminRole,
    trustProxy: options.trustProxy ?? false,
    trustUnauthenticatedSources: options.trustUnauthenticatedSources ?? false,
    guard: options.guard ?? true,
    tenants,
    sessionBinder: options.sessionBinder,
    databases: options.databases ?? {},
    provisioning: options.provisioning ?? {},
  };
}

function fail(message: string): never {
  throw new MultitenancyConfigurationError(`MultitenancyModule: ${message}`);
}
