import { eventStoreSchemaNames } from '@cqrs-ddd/event-store';
import { assertIdentifier, type TenantTable } from './tenant-row-level-security.options.js';

/**
 * Which of the suite's PostgreSQL stores `suiteTenantTables` covers: a store is included when its
 * key is given (`{}` for its defaults), so tables an application does not create are not listed.
 */
export interface SuiteTenantTablesOptions {
  /**
   * The event store (`migrateEventStore`): `<prefix>messages`, `<prefix>streams` and
   * `<prefix>snapshots`. Same options as the store.
   */
  readonly eventStore?: {
    /** @default 'public' */
    readonly schema?: string;
    /** @default 'cqrs_' */
    readonly tablePrefix?: string;
  };
  /** The projections' Postgres read store (`migrateProjections`): `read_model_documents`. */
  readonly projections?: {
    /** @default 'public' */
    readonly schema?: string;
  };
  /** The outbox's Postgres inbox (`migrateInbox`): `inbox_messages`. */
  readonly inbox?: {
    /** @default 'public' */
    readonly schema?: string;
  };
}

/**
 * The suite's tables that hold tenant rows, for `enableTenantRowLevelSecurity({ tables })`:
 *
 * - event store: `messages` and `streams` (their `tenant_id` is the event metadata's
 *   `tenantId`); streams inserted without a tenant in a tenant session are stamped with it,
 *   because the multi-stream append proposes stream rows without one (placeholders, and the
 *   upsert of streams that already exist). `snapshots` has no tenant
 *   column: it is added, defaulting to the session's tenant, so snapshots taken in a tenant
 *   session are the tenant's (snapshots written outside one keep `NULL`, which tenant sessions do
 *   not see: their aggregates are then rebuilt from the events, which is correct, only slower).
 * - projections: `read_model_documents` (`tenant_id` is part of its key).
 * - inbox: `inbox_messages` (`tenant_id` is the request context's tenant when recorded; records
 *   made outside a tenant, `NULL`, stay visible to the owner only).
 *
 * Processor tables (checkpoints, leases, parked events, projection states, the event store's
 * `schema_migrations`) have no tenant and are not listed: the tenant role is not granted them.
 */
export function suiteTenantTables(options: SuiteTenantTablesOptions = {}): TenantTable[] {
  const tables: TenantTable[] = [];
  if (options.eventStore) {
    const { schema, tablePrefix } = eventStoreSchemaNames(options.eventStore);
    tables.push(
      { schema, table: `${tablePrefix}messages` },
      { schema, table: `${tablePrefix}streams`, stampTenant: true },
      { schema, table: `${tablePrefix}snapshots`, addColumn: true },
    );
  }
  if (options.projections) {
    const schema = assertIdentifier(
      options.projections.schema ?? 'public',
      'The projections schema',
    );
    tables.push({ schema, table: 'read_model_documents' });
  }
  if (options.inbox) {
    const schema = assertIdentifier(options.inbox.schema ?? 'public', 'The inbox schema');
    tables.push({ schema, table: 'inbox_messages' });
  }
  return tables;
}
