import { Clock } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { CanActivate, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantContext } from '../context/tenant-context.service.js';
import { TENANCY_OPTIONS, type TenancyOptions } from '../pipeline/tenancy-step.options.js';
import { TenancyStep } from '../pipeline/tenancy.step.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import {
  TENANT_RESOLUTION_OPTIONS,
  type TenantResolutionOptions,
} from '../resolution/tenant-resolution.options.js';
import { TenantResolutionService } from '../resolution/tenant-resolution.service.js';
import { TenantGuard } from '../resolution/tenant.guard.js';
import { NoTenantSessionBinder, TenantSessionBinder } from '../session/tenant-session.binder.js';
import type { MultitenancyModuleOptions } from './multitenancy-module.options.js';
import { MULTITENANCY_MODULE_OPTIONS } from './multitenancy.module-definition.js';
import {
  MULTITENANCY_SETTINGS,
  resolveMultitenancySettings,
  type MultitenancySettings,
} from './multitenancy.settings.js';
import { createTenantRegistry } from './tenant-registry.factory.js';
import { tenantStorageExports, tenantStorageProviders } from './tenant-storage.providers.js';

const allowAll: CanActivate = { canActivate: () => true };

/** Providers of `MultitenancyModule`. */
export const multitenancyProviders: Provider[] = [
  {
    provide: MULTITENANCY_SETTINGS,
    inject: [MULTITENANCY_MODULE_OPTIONS],
    useFactory: (options: MultitenancyModuleOptions) => resolveMultitenancySettings(options),
  },
  {
    provide: TENANT_RESOLUTION_OPTIONS,
    inject: [MULTITENANCY_SETTINGS],
    useFactory: (settings: MultitenancySettings): TenantResolutionOptions => ({
      resolvers: settings.resolvers,
      platformAdminRole: settings.platformAdminRole,
      trustUnauthenticatedSources: settings.trustUnauthenticatedSources,
    }),
  },
  {
    provide: TENANCY_OPTIONS,
    inject: [MULTITENANCY_SETTINGS],
    useFactory: (settings: MultitenancySettings): TenancyOptions => ({
      required: settings.required,
      trustProxy: settings.trustProxy,
    }),
  },
  {
    provide: TenantRegistry,
    inject: [
      MULTITENANCY_SETTINGS,
      { token: MikroORM, optional: true },
      { token: Clock, optional: true },
    ],
    useFactory: (settings: MultitenancySettings, orm?: MikroORM, clock?: Clock) =>
      createTenantRegistry(settings, { orm, clock }),
  },
  {
    provide: TenantSessionBinder,
    inject: [MULTITENANCY_SETTINGS],
    useFactory: (settings: MultitenancySettings) =>
      settings.sessionBinder ?? new NoTenantSessionBinder(),
  },
  ...tenantStorageProviders,
  TenantResolutionService,
  TenantContext,
  TenancyStep,
  TenantGuard,
  {
    provide: APP_GUARD,
    inject: [MULTITENANCY_SETTINGS, TenantGuard],
    useFactory: (settings: MultitenancySettings, guard: TenantGuard) =>
      settings.guard ? guard : allowAll,
  },
];

/** What `MultitenancyModule` exports. */
export const multitenancyExports = [
  TenantRegistry,
  TenantResolutionService,
  TenantContext,
  TenantSessionBinder,
  TenancyStep,
  TenantGuard,
  MULTITENANCY_SETTINGS,
  ...tenantStorageExports,
];
