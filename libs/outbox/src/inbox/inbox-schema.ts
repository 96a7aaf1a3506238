import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';

/** Where the inbox keeps its PostgreSQL table. */
export interface InboxSchemaOptions {
  /**
   * PostgreSQL schema of the `inbox_messages` table (created when missing): a lower-case SQL
   * identifier.
   * @default 'public'
   */
  readonly schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The quoted schema and the quoted, schema-qualified `inbox_messages` table of `options`. */
export function inboxTable(options: InboxSchemaOptions = {}): { schema: string; table: string } {
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw new OutboxConfigurationError(
      `The inbox schema must be a lower-case SQL identifier, got "${schema}".`,
    );
  }
  return { schema: `"${schema}"`, table: `"${schema}"."inbox_messages"` };
}

/**
 * Creates the `inbox_messages` table (and its schema) when missing: idempotent DDL, serialised
 * between instances starting together by a transaction-scoped advisory lock.
 */
export async function migrateInbox(
  em: SqlEntityManager,
  options: InboxSchemaOptions = {},
): Promise<void> {
  const { schema, table } = inboxTable(options);
  await em.transactional(async (tx) => {
    await tx.execute(`SELECT pg_advisory_xact_lock(hashtext('cqrs-ddd:inbox-schema'))`);
    await tx.execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS ${table} (
        consumer text NOT NULL,
        message_id text NOT NULL,
        tenant_id text,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`,
    );
    // Retention: `purge` deletes by age.
    await tx.execute(
      `CREATE INDEX IF NOT EXISTS inbox_messages_processed_at_idx ON ${table} (processed_at)`,
    );
  });
}
