import { AccessEnforcer } from '@cqrs-ddd/access-control';
import { Clock, FeatureFlagProvider, IdGenerator, lookUpAuditSink } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FeatureFlagAdminService } from '../admin/feature-flag-admin.service.js';
import { FeatureFlagEnforcer } from '../enforcement/feature-flag.enforcer.js';
import { FeatureFlagGuard } from '../enforcement/feature-flag.guard.js';
import { FeatureFlagStep } from '../enforcement/feature-flag.step.js';
import { FeatureFlagsConfigurationError } from '../errors/feature-flags-configuration.error.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import {
  createFeatureFlagBackend,
  FEATURE_FLAG_BACKEND,
  type FeatureFlagBackend,
} from './feature-flag-backend.factory.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';
import { FEATURE_FLAGS_MODULE_OPTIONS } from './feature-flags.module-definition.js';
import { FeatureFlagsLifecycle } from './feature-flags.lifecycle.js';
import { FeatureFlagsSettings } from './feature-flags.settings.js';

/** Injection token of the `adminApi` the module was declared with (routes are fixed then). */
export const FEATURE_FLAGS_DECLARED_ADMIN_API = Symbol('cqrs-ddd:FEATURE_FLAGS_DECLARED_ADMIN_API');

function settingsOf(
  options: FeatureFlagsModuleOptions,
  declared: FeatureFlagsModuleOptions['adminApi'],
  access: AccessEnforcer | undefined,
): FeatureFlagsSettings {
  const settings = FeatureFlagsSettings.from(options, declared);
  if (settings.adminApiPath !== undefined && !access) {
    throw new FeatureFlagsConfigurationError(
      '"adminApi" is protected by access-control: import AccessControlModule.forRoot(...) (global) in the app',
    );
  }
  return settings;
}

/** Providers of `FeatureFlagsModule` (besides the options). */
export function featureFlagsProviders(
  declaredAdminApi: FeatureFlagsModuleOptions['adminApi'],
): Provider[] {
  return [
    { provide: FEATURE_FLAGS_DECLARED_ADMIN_API, useValue: declaredAdminApi ?? false },
    {
      provide: FeatureFlagsSettings,
      inject: [
        FEATURE_FLAGS_MODULE_OPTIONS,
        FEATURE_FLAGS_DECLARED_ADMIN_API,
        { token: AccessEnforcer, optional: true },
      ],
      useFactory: settingsOf,
    },
    {
      provide: FEATURE_FLAG_BACKEND,
      inject: [
        FEATURE_FLAGS_MODULE_OPTIONS,
        FeatureFlagsSettings,
        ModuleRef,
        { token: MikroORM, optional: true },
      ],
      useFactory: createFeatureFlagBackend,
    },
    {
      provide: FeatureFlagProvider,
      inject: [FEATURE_FLAG_BACKEND],
      useFactory: (backend: FeatureFlagBackend) => backend.provider,
    },
    {
      provide: FeatureFlagAdminService,
      inject: [
        FEATURE_FLAG_BACKEND,
        ModuleRef,
        { token: Clock, optional: true },
        { token: IdGenerator, optional: true },
      ],
      // Only the 'postgres' provider has an admin service; otherwise `undefined` is injected.
      useFactory: (
        backend: FeatureFlagBackend,
        moduleRef: ModuleRef,
        clock?: Clock,
        ids?: IdGenerator,
      ) =>
        backend.postgres &&
        new FeatureFlagAdminService(backend.postgres, {
          auditSink: () => lookUpAuditSink(moduleRef),
          clock,
          ids,
        }),
    },
    FeatureFlagService,
    FeatureFlagEnforcer,
    FeatureFlagGuard,
    // Joins CqrsDddModule's pipeline by discovery (@PipelineStep, slot 550).
    FeatureFlagStep,
    FeatureFlagsLifecycle,
  ];
}

/** What `FeatureFlagsModule` exports. */
export const featureFlagsExports = [
  FEATURE_FLAGS_MODULE_OPTIONS,
  FeatureFlagsSettings,
  FeatureFlagProvider,
  FeatureFlagService,
  FeatureFlagEnforcer,
  FeatureFlagGuard,
  FeatureFlagAdminService,
];
