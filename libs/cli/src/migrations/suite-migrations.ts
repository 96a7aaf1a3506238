import { AuditStore } from '@cqrs-ddd/audit';
import { EventStore, type StorageTarget } from '@cqrs-ddd/core';
import { TenantProvisioner, TenantRegistry } from '@cqrs-ddd/multitenancy';
import { InboxStore, OutboxService } from '@cqrs-ddd/outbox';
import { ProjectionsService } from '@cqrs-ddd/projections';
import { Injectable, type InjectionToken } from '@nestjs/common';
import { SuiteServices } from '../suite/suite-services.js';

/** One migration step `migrate` ran or found done. */
export interface MigrationStep {
  /** Storage target: `shared`, or a tenant's (`schema:tenant_x`, `database:x`). */
  readonly target: string;
  readonly tenantId?: string;
  /** What was migrated. */
  readonly migration: string;
  /** `at start-up`: by the module while the app booted; `done`: by this command. */
  readonly outcome: 'at start-up' | 'done';
}

/** The modules whose shared tables are migrated when the application boots. */
const SHARED_MIGRATIONS: readonly (readonly [InjectionToken, string])[] = [
  [TenantRegistry, 'tenant registry'],
  [EventStore, 'event store'],
  [ProjectionsService, 'projections (checkpoints, leases, parked events, generations)'],
  [OutboxService, 'outbox coordination'],
  [InboxStore, 'inbox'],
  [AuditStore, 'audit trail'],
];

/**
 * The suite's migrations as the modules run them. Every module migrates its shared tables when
 * the application boots (with its `migrate` option, on by default or as the app configures it:
 * idempotent `CREATE ... IF NOT EXISTS` statements), so booting the app for the CLI has done
 * them. Per tenant with a schema or database of its own, {@link migrate} then runs what the
 * libraries otherwise run on a tenant's first use: the provisioning migrators of
 * `TenantProvisioner.migrateAll()`, the event store of the tenant's target (created and
 * migrated by `TargetEventStores`) and its projections' stores (`ProjectionTargets`).
 */
@Injectable()
export class SuiteMigrations {
  constructor(private readonly suite: SuiteServices) {}

  /** Runs the per-tenant migrations; returns every step, shared ones first. */
  async migrate(): Promise<MigrationStep[]> {
    const steps: MigrationStep[] = SHARED_MIGRATIONS.filter(
      ([token]) => this.suite.optional(token) !== undefined,
    ).map(([, migration]) => ({ target: 'shared', migration, outcome: 'at start-up' }));
    const provisioner = this.suite.optional<TenantProvisioner>(TenantProvisioner);
    const migrated = new Set((await provisioner?.migrateAll())?.map(({ id }) => id));
    for (const target of (await this.suite.storageTargets()?.dedicated()) ?? []) {
      steps.push(...(await this.migrateTarget(target, migrated.has(target.tenantId ?? ''))));
    }
    return steps;
  }

  private async migrateTarget(
    target: StorageTarget,
    provisioned: boolean,
  ): Promise<MigrationStep[]> {
    const step = (migration: string): MigrationStep => ({
      target: target.key,
      ...(target.tenantId === undefined ? {} : { tenantId: target.tenantId }),
      migration,
      outcome: 'done',
    });
    const steps = provisioned ? [step('tenant migrators (provisioning.migrators)')] : [];
    const eventStores = this.suite.targetEventStores();
    if (eventStores) {
      await eventStores.forTarget(target);
      steps.push(step('event store'));
    }
    const projections = this.suite.optional<ProjectionsService>(ProjectionsService);
    if (projections) {
      await projections.targets.forTarget(target);
      steps.push(
        step('projections (checkpoints, leases, parked events, generations, read models)'),
      );
    }
    return steps;
  }
}
