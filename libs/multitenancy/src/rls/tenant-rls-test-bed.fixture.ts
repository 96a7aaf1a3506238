import { randomBytes } from 'node:crypto';
import { migrateEventStore, PostgresEventStore } from '@cqrs-ddd/event-store';
import { migrateProjections } from '@cqrs-ddd/projections';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../registry/tenant.js';
import { suiteTenantTables } from './suite-tenant-tables.js';
import { enableTenantRowLevelSecurity } from './tenant-row-level-security.js';
import type { TenantTable } from './tenant-row-level-security.options.js';

/** A schema with the event store and read models of tenants `a` and `b`, protected by RLS. */
export interface TenantRlsTestBed {
  readonly schema: string;
  /** The tenant role of this test bed (unique: roles are shared by the server's databases). */
  readonly role: string;
  readonly tables: TenantTable[];
  /** Quoted names. */
  readonly messages: string;
  readonly streams: string;
  readonly snapshots: string;
  readonly documents: string;
  readonly store: PostgresEventStore;
  /** Statements the first `enableTenantRowLevelSecurity` applied. */
  readonly applied: string[];
  /** Drops the schema and the role. */
  drop(): Promise<void>;
}

/** A registered tenant `id`, for `TenantSessionBinder.run`. */
export function testTenant(id: string): Tenant {
  const now = new Date().toISOString();
  return { id, name: id, status: 'active', isolation: 'shared', createdAt: now, updatedAt: now };
}

/** An event of `tenantId`. */
export function tenantEvent(tenantId: string, n = 1) {
  return { type: 'thing.happened', version: 1, data: { n }, metadata: { tenantId } };
}

/**
 * Migrates the event store and the projections into a new schema, appends stream `a-1` (two
 * events) for tenant `a` and `b-1` (one event) for tenant `b`, writes one read model of each,
 * then enables row-level security with a role of its own.
 */
export async function createTenantRlsTestBed(orm: MikroORM): Promise<TenantRlsTestBed> {
  const suffix = randomBytes(5).toString('hex');
  const schema = `rls_${suffix}`;
  const role = `cqrs_tenant_${suffix}`;
  await migrateEventStore(orm, { schema });
  await migrateProjections(orm.em, { schema });
  const store = new PostgresEventStore(orm.em, { schema });
  await store.append('a-1', [tenantEvent('a', 1), tenantEvent('a', 2)]);
  await store.append('b-1', [tenantEvent('b', 1)]);
  const documents = `"${schema}"."read_model_documents"`;
  await orm.em.getConnection().execute(
    `INSERT INTO ${documents} (collection, tenant_id, id, document, transaction_id, global_position)
     VALUES ('orders', 'a', 'a-1', '{}', 1, 1), ('orders', 'b', 'b-1', '{}', 1, 2)`,
  );
  const tables = suiteTenantTables({ eventStore: { schema }, projections: { schema } });
  const applied = await enableTenantRowLevelSecurity(orm.em, { role, tables });
  return {
    schema,
    role,
    tables,
    messages: `"${schema}"."cqrs_messages"`,
    streams: `"${schema}"."cqrs_streams"`,
    snapshots: `"${schema}"."cqrs_snapshots"`,
    documents,
    store,
    applied,
    drop: async () => {
      await store.close();
      const connection = orm.em.getConnection();
      await connection.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await connection.execute(`DROP OWNED BY "${role}"`);
      await connection.execute(`DROP ROLE IF EXISTS "${role}"`);
    },
  };
}
