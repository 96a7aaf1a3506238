import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestOrm } from '../../testing/postgres-test-database.js';
import { PostgresEventStore } from '../postgres-event-store.adapter.js';
import { PostgresSnapshotStore } from '../postgres-snapshot-store.adapter.js';
import { eventStoreMigrations } from './event-store.migrations.js';
import { migrateEventStore } from './migrate-event-store.js';

const event = { type: 'test.happened', version: 1, data: { n: 1 } };

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

const query = <T>(sql: string) => orm.em.getConnection().execute<T[]>(sql);

/** Tables and functions of `schema` whose name starts with `prefix`. */
async function objectsOf(schema: string, prefix: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = '${schema}' AND table_name LIKE '${prefix}%'
     UNION ALL
     SELECT routine_name || '()' FROM information_schema.routines
       WHERE routine_schema = '${schema}' AND routine_name LIKE '${prefix}%'
     ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

describe('event store migrations', () => {
  it('creates the schema on an empty database, and re-running is a no-op', async () => {
    expect(await objectsOf('public', 'cqrs_')).toEqual([]);
    expect(await migrateEventStore(orm)).toEqual(['Migration20261101000000_CqrsEventStoreInitial']);
    const created = await objectsOf('public', 'cqrs_');
    expect(created).toEqual([
      'cqrs_append_to_stream()',
      'cqrs_append_to_streams()',
      'cqrs_archive_stream()',
      'cqrs_messages',
      'cqrs_schema_migrations',
      'cqrs_snapshots',
      'cqrs_streams',
    ]);

    const store = new PostgresEventStore(orm.em);
    await store.append('s', [event]);
    expect(await migrateEventStore(orm)).toEqual([]);
    expect(await objectsOf('public', 'cqrs_')).toEqual(created);
    expect(await store.streamVersion('s')).toBe(1);
    await store.close();
  });

  it('lets concurrent instances migrate at start-up: one applies, the others wait and skip', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => migrateEventStore(orm, { schema: 'concurrent' })),
    );
    expect(results.map((applied) => applied.length).sort()).toEqual([0, 0, 1]);
  });

  it('supports a schema and table prefix of its own, independent of the default one', async () => {
    const options = { schema: 'custom_es', tablePrefix: 'es_' };
    expect(await migrateEventStore(orm, options)).toEqual([
      'Migration20261101000000_CqrsEventStoreInitial_custom_es_es_',
    ]);
    expect(await objectsOf('custom_es', 'es_')).toEqual([
      'es_append_to_stream()',
      'es_append_to_streams()',
      'es_archive_stream()',
      'es_messages',
      'es_schema_migrations',
      'es_snapshots',
      'es_streams',
    ]);
    const store = new PostgresEventStore(orm.em, options);
    await store.append('s', [event], { streamType: 'Thing' });
    expect(await store.streamVersion('s')).toBe(1);
    const [row] = await query<{ stream_type: string }>(
      'SELECT stream_type FROM custom_es.es_messages',
    );
    expect(row.stream_type).toBe('Thing');
    const snapshots = new PostgresSnapshotStore(orm.em, options);
    await snapshots.save({
      streamId: 's',
      version: 1,
      type: 'Thing',
      schemaVersion: 1,
      state: { n: 1 },
      takenAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await snapshots.load('s')).toMatchObject({ version: 1 });
    await store.close();
  });

  it('runs through the MikroORM migrator (migration:up / down), interchangeably with migrateEventStore', async () => {
    const options = { schema: 'via_migrator' };
    const cliOrm = await createTestOrm({
      extensions: [Migrator],
      migrations: {
        migrationsList: eventStoreMigrations(options),
        tableName: 'via_migrator_mikro_orm_migrations',
        silent: true,
        snapshot: false,
        snapshotOnMigrate: false,
      },
    });
    try {
      const applied = await cliOrm.migrator.up();
      expect(applied.map((m) => m.name)).toEqual([
        'Migration20261101000000_CqrsEventStoreInitial_via_migrator_cqrs_',
      ]);
      const store = new PostgresEventStore(cliOrm.em, options);
      await store.append('s', [event]);
      // The SQL is idempotent: the helper's own bookkeeping re-runs it without harm.
      expect(await migrateEventStore(cliOrm, options)).toHaveLength(1);
      expect(await store.streamVersion('s')).toBe(1);
      expect(await cliOrm.migrator.up()).toEqual([]);

      await cliOrm.migrator.down();
      expect(await objectsOf('via_migrator', 'cqrs_')).toEqual(['cqrs_schema_migrations']);
      await store.close();
    } finally {
      await cliOrm.close();
    }
  });

  it.each([
    ['an upper-case schema', { schema: 'Public' }],
    ['a schema with a quote', { schema: 'x"; drop table y; --' }],
    ['a prefix starting with a digit', { tablePrefix: '1x_' }],
    ['a prefix too long for PostgreSQL names', { tablePrefix: 'p'.repeat(40) }],
  ])('rejects %s with VALIDATION_FAILED', async (_, options) => {
    await expect(migrateEventStore(orm, options)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(() => new PostgresEventStore(orm.em, options)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
