import { ensureAuditSchema } from '@cqrs-ddd/audit';
import {
  DEFAULT_TENANT_ROLE,
  enableTenantRowLevelSecurity,
  grantTenantRole,
  projectionsSharedTables,
  suiteTenantTables,
} from '@cqrs-ddd/multitenancy';
import { migrateSagas, migrateScheduling } from '@cqrs-ddd/sagas';
import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

/** Injection token of the configuration {@link RowLevelSecuritySetup} reads. */
export const ROW_LEVEL_SECURITY_CONFIG = Symbol('reference:ROW_LEVEL_SECURITY_CONFIG');

/**
 * Defense in depth under the tenant filter of every store: once the event store and the
 * projections have created their tables (their providers migrate before any module init),
 * enables PostgreSQL row-level security on the suite's tenant tables — messages, streams,
 * snapshots and, with the Postgres read store, read-model documents (the processor tables
 * without tenant rows are granted to the tenant role as they are; the audit trail only for SELECT and INSERT; the
 * saga and scheduler tables for what a saga timeout, run as a command, does). Every command and query
 * then runs as the `cqrs_tenant` role with `app.tenant_id` set (the session binder), so even
 * hand-written SQL cannot see another tenant's rows. Idempotent; safe with many instances.
 */
@Injectable()
export class RowLevelSecuritySetup implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    @Inject(ROW_LEVEL_SECURITY_CONFIG) private readonly config: Pick<AppConfig, 'readModelStore'>,
  ) {}

  async onModuleInit(): Promise<void> {
    const tables = suiteTenantTables({
      eventStore: {},
      ...(this.config.readModelStore === 'postgres' ? { projections: {} } : {}),
    });
    const em = this.orm.em as unknown as SqlEntityManager;
    await enableTenantRowLevelSecurity(em, { tables });
    // Checkpoints and generations: read by `minVersion` reads inside tenant sessions.
    await grantTenantRole(em, projectionsSharedTables());
    // The audit trail: the tenant role may read and append, never change or delete.
    await ensureAuditSchema(em.getConnection(), { appRole: DEFAULT_TENANT_ROLE });
    // Sagas and scheduled commands: a saga timeout runs as a command (so as the tenant role),
    // moves its instance on and schedules or cancels; idempotent migrations that also grant.
    await migrateSagas(em.getConnection(), { appRole: DEFAULT_TENANT_ROLE });
    await migrateScheduling(em.getConnection(), { appRole: DEFAULT_TENANT_ROLE });
  }
}
