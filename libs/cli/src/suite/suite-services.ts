import { AuditStore } from '@cqrs-ddd/audit';
import { EventStore, StorageTargets, TargetEventStores } from '@cqrs-ddd/core';
import { TenantProvisioner, TenantRegistry } from '@cqrs-ddd/multitenancy';
import { OUTBOX_RELAYS, OutboxService, type OutboxRelays } from '@cqrs-ddd/outbox';
import {
  PROJECTIONS_MODULE_OPTIONS,
  type ProjectionsModuleOptions,
  ProjectionsService,
} from '@cqrs-ddd/projections';
import { Injectable, type InjectionToken } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CliFeatureMissingError } from '../errors/cli-feature-missing.error.js';

/**
 * The suite's services of the application the CLI runs against, found anywhere in its module
 * graph (`ModuleRef.get(..., { strict: false })`). The `require*` accessors throw
 * `CliFeatureMissingError` (exit code 4) when the application lacks the module.
 */
@Injectable()
export class SuiteServices {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** The provider of `token`, or `undefined` when the application has none. */
  optional<T>(token: InjectionToken): T | undefined {
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** The projections (`ProjectionsModule`). */
  projections(): ProjectionsService {
    return this.required(
      ProjectionsService,
      'projections',
      'import ProjectionsModule.forRoot(...)',
    );
  }

  /** The projections module's options (run defaults of every projection's processors). */
  projectionsOptions(): ProjectionsModuleOptions {
    return (
      this.optional<ProjectionsModuleOptions>(PROJECTIONS_MODULE_OPTIONS) ?? { store: 'memory' }
    );
  }

  /** The outbox (`OutboxModule`). */
  outbox(): OutboxService {
    return this.required(OutboxService, 'outbox', 'import OutboxModule.forRoot({ publishers })');
  }

  /** The outbox's own engine and relays (shared target), if the app has an outbox. */
  outboxRelays(): OutboxRelays | undefined {
    return this.optional<OutboxRelays>(OUTBOX_RELAYS);
  }

  /** The tenant registry (`MultitenancyModule`). */
  tenantRegistry(): TenantRegistry {
    return this.required(
      TenantRegistry,
      'tenant registry',
      'import MultitenancyModule.forRoot(...)',
    );
  }

  /** The tenant provisioner (`MultitenancyModule`). */
  tenantProvisioner(): TenantProvisioner {
    return this.required(
      TenantProvisioner,
      'tenant provisioning',
      'import MultitenancyModule.forRoot(...)',
    );
  }

  /** Where each tenant's data lives, if the app has storage tiers. */
  storageTargets(): StorageTargets | undefined {
    return this.optional<StorageTargets>(StorageTargets);
  }

  /** The event stores of the storage targets, if the event store routes per tenant. */
  targetEventStores(): TargetEventStores | undefined {
    return this.optional<TargetEventStores>(TargetEventStores);
  }

  /** The hash-chained audit trail (`AuditModule`). */
  auditStore(): AuditStore {
    return this.required(
      AuditStore,
      'audit trail',
      "import AuditModule.forRoot({ store: 'postgres' })",
    );
  }

  /** The event log (`EventStoreModule`). */
  eventStore(): EventStore {
    return this.required(EventStore, 'event store', 'import EventStoreModule.forRoot(...)');
  }

  private required<T>(token: InjectionToken, feature: string, hint: string): T {
    const found = this.optional<T>(token);
    if (found === undefined) throw new CliFeatureMissingError(feature, hint);
    return found;
  }
}
