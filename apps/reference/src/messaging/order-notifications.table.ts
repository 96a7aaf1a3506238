import type { EntityManager } from '@mikro-orm/postgresql';

/** `"<schema>".order_notifications`: the consumer's table in `schema` (a validated identifier). */
export function orderNotificationsTable(schema: string): string {
  return `"${schema}".order_notifications`;
}

/**
 * Creates `order_notifications` in `schema` of `em`'s database when missing, on a connection of
 * its own (outside any transaction or tenant session: as the login role, whose default
 * privileges then apply), under an advisory lock so that instances starting together do not
 * race. `(message_id, kind)` is unique: a notification is recorded once even where it cannot
 * commit in the inbox record's transaction (a tenant database).
 */
export async function createOrderNotificationsTable(
  em: EntityManager,
  schema: string,
): Promise<void> {
  const table = orderNotificationsTable(schema);
  const connection = em.getConnection();
  await connection.transactional(async (trx) => {
    const run = (sql: string) => connection.execute(sql, [], 'run', trx);
    await run(`SELECT pg_advisory_xact_lock(hashtext('reference:order_notifications'))`);
    await run(`CREATE TABLE IF NOT EXISTS ${table} (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      order_id text NOT NULL,
      kind text NOT NULL,
      message_id text NOT NULL,
      correlation_id text,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await run(
      `CREATE INDEX IF NOT EXISTS order_notifications_order ON ${table} (tenant_id, order_id, id)`,
    );
    await run(
      `CREATE UNIQUE INDEX IF NOT EXISTS order_notifications_message ON ${table} (message_id, kind)`,
    );
  });
}
