import type { MikroORM } from '@mikro-orm/core';
import { type EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { ModuleRef } from '@nestjs/core';
import { AuditConfigurationError } from '../chain/audit-configuration.error.js';
import { AuditStore } from '../chain/audit.store.js';
import { MemoryAuditStore } from '../memory/memory-audit.store.js';
import { ensureAuditSchema } from '../postgres/audit-schema.js';
import { PostgresAuditStore } from '../postgres/postgres-audit.store.js';
import type { AuditModuleOptions } from './audit-module.options.js';

/**
 * Creates the store `options.store` names (migrating the Postgres schema when asked).
 * @throws AuditConfigurationError for `'postgres'` without a PostgreSQL MikroORM, or a `store`
 *   that is none of the accepted values
 */
export async function createAuditStore(
  options: AuditModuleOptions,
  orm: MikroORM | undefined,
  moduleRef: ModuleRef,
): Promise<AuditStore> {
  const { store } = options;
  if (store instanceof AuditStore) return store;
  if (store === 'memory') return new MemoryAuditStore();
  if (store === 'postgres') return createPostgresStore(options, orm);
  if (typeof store === 'function' && store.prototype instanceof AuditStore) {
    return moduleRef.create(store);
  }
  throw new AuditConfigurationError(
    "AuditModule: 'store' must be 'postgres', 'memory', a class extending AuditStore or an " +
      `AuditStore instance, got ${typeof store === 'function' ? store.name : JSON.stringify(store)}.`,
  );
}

async function createPostgresStore(
  options: AuditModuleOptions,
  orm: MikroORM | undefined,
): Promise<AuditStore> {
  if (!orm || !(orm.em.getDriver() instanceof PostgreSqlDriver)) {
    throw new AuditConfigurationError(
      "AuditModule: store 'postgres' keeps the trail in PostgreSQL through MikroORM: import " +
        "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs'.",
    );
  }
  // The app's global EntityManager: the store resolves the caller's transaction from it.
  const em = orm.em as unknown as EntityManager;
  const { schema, migrate, appRole } = options.postgres ?? {};
  if (migrate) await ensureAuditSchema(em.getConnection(), { schema, appRole });
  return new PostgresAuditStore(em, { schema });
}
