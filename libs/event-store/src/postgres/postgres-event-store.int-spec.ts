import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import type { StoredEvent } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';
import type { PostgresEventStoreOptions } from './postgres-event-store.options.js';
import { PostgresSqlExecutor } from './postgres-sql.executor.js';

const event = (type = 'test.happened', data: Record<string, unknown> = {}) => ({
  type,
  version: 1,
  data,
});

let orm: MikroORM;
let schema: string;
let drop: () => Promise<void>;
const stores: PostgresEventStore[] = [];

beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});
beforeEach(async () => {
  ({ schema, drop } = await createEventStoreTestSchema(orm));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await drop();
});

function newStore(options: PostgresEventStoreOptions = {}): PostgresEventStore {
  const store = new PostgresEventStore(orm.em, { schema, ...options });
  stores.push(store);
  return store;
}

const query = <T>(sql: string) => orm.em.getConnection().execute<T[]>(sql);

describe('PostgresEventStore', () => {
  describe('readStream in batches', () => {
    it('reads version ranges of readBatchSize, lazily, in both directions', async () => {
      const store = newStore({ readBatchSize: 3 });
      await store.append(
        's',
        Array.from({ length: 10 }, (_, i) => event(`e${i + 1}`)),
      );
      const queries = jest.spyOn(PostgresSqlExecutor.prototype, 'query');

      const forward: StoredEvent[] = [];
      for await (const read of store.readStream('s')) forward.push(read);
      expect(forward.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(queries).toHaveBeenCalledTimes(4); // 3 (with the stream row) + 3 + 3 + 1

      queries.mockClear();
      for await (const read of store.readStream('s', { direction: 'backward' })) {
        expect(read.streamVersion).toBe(10);
        break;
      }
      expect(queries).toHaveBeenCalledTimes(1); // nothing is fetched beyond what was consumed

      queries.mockClear();
      const range: number[] = [];
      const options = { direction: 'backward', fromVersion: 2, toVersion: 8, maxCount: 5 } as const;
      for await (const read of store.readStream('s', options)) range.push(read.streamVersion);
      expect(range).toEqual([8, 7, 6, 5, 4]);
      expect(queries).toHaveBeenCalledTimes(2);
    });

    it('rejects an unusable readBatchSize', () => {
      expect(() => newStore({ readBatchSize: 0 })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });
  });

  describe('rows', () => {
    it('records stream type, tenant, versions and timestamps in the tables', async () => {
      const store = newStore();
      const result = await store.append(
        'order-1',
        [
          {
            ...event('order.created', { total: 1 }),
            metadata: { tenantId: 't-1', correlationId: 'c' },
            occurredAt: '2026-03-04T05:06:07.089Z',
          },
        ],
        { streamType: 'Order' },
      );
      const [stream] = await query<Record<string, unknown>>(
        `SELECT id, type, tenant_id, version, archived_at FROM "${schema}".cqrs_streams`,
      );
      expect(stream).toEqual({
        id: 'order-1',
        type: 'Order',
        tenant_id: 't-1',
        version: 1,
        archived_at: null,
      });
      const [message] = await query<Record<string, unknown>>(
        `SELECT transaction_id::text AS xid, stream_type, tenant_id, schema_version, data,
                occurred_at = '2026-03-04T05:06:07.089Z'::timestamptz AS occurred_matches,
                recorded_at <= now() AS recorded_before_now
         FROM "${schema}".cqrs_messages`,
      );
      expect(message).toEqual({
        xid: result.events[0].position.transactionId,
        stream_type: 'Order',
        tenant_id: 't-1',
        schema_version: 1,
        data: { total: 1 },
        occurred_matches: true,
        recorded_before_now: true,
      });
    });

    it('requires UUID event ids and stores them in lower case', async () => {
      const store = newStore();
      await expect(store.append('s', [{ ...event(), eventId: 'evt-1' }])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'events.0.eventId', rule: 'isUUID' }],
      });
      const upper = '0190F5A2-7B1C-7D3E-8F4A-1B2C3D4E5F60';
      const { events } = await store.append('s', [{ ...event(), eventId: upper }]);
      expect(events[0].eventId).toBe(upper.toLowerCase());
      await expect(
        store.append('t', [{ ...event(), eventId: upper.toLowerCase() }]),
      ).rejects.toMatchObject({ code: 'DUPLICATE_EVENT' });
    });

    it('enforces a configured maxPayloadBytes', async () => {
      const store = newStore({ maxPayloadBytes: 32 });
      await store.append('s', [event('a', { text: 'x'.repeat(21) })]); // 32 bytes of JSON
      await expect(store.append('s', [event('a', { text: 'x'.repeat(22) })])).rejects.toMatchObject(
        { code: 'VALIDATION_FAILED', issues: [{ rule: 'maxBytes' }] },
      );
      expect(await store.streamVersion('s')).toBe(1);
    });
  });

  describe('appendToStreams', () => {
    const streamRows = async () =>
      (
        await query<{ id: string; version: number }>(
          `SELECT id, version FROM "${schema}".cqrs_streams ORDER BY id`,
        )
      ).map((row) => `${row.id}@${row.version}`);

    it('leaves no stream rows behind when a check fails or a stream gets no events', async () => {
      const store = newStore();
      await store.append('b', [event()]);
      await expect(
        store.appendToStreams([
          { streamId: 'a', events: [event()] },
          { streamId: 'b', events: [event()], expectedVersion: 5 },
        ]),
      ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 'b' });
      expect(await streamRows()).toEqual(['b@1']);

      await store.appendToStreams([
        { streamId: 'empty', events: [], expectedVersion: 'no_stream' },
        { streamId: 'c', events: [event()] },
      ]);
      expect(await streamRows()).toEqual(['b@1', 'c@1']);
    });

    it('records type and tenant of the streams it creates', async () => {
      const store = newStore();
      await store.appendToStreams([
        {
          streamId: 'o',
          events: [{ ...event(), metadata: { tenantId: 't-9' } }],
          streamType: 'Order',
        },
        { streamId: 'o', events: [event()], streamType: 'Order' },
      ]);
      const rows = await query<Record<string, unknown>>(
        `SELECT id, type, tenant_id, version FROM "${schema}".cqrs_streams`,
      );
      expect(rows).toEqual([{ id: 'o', type: 'Order', tenant_id: 't-9', version: 2 }]);
    });
  });

  describe('inside a caller transaction', () => {
    it('archives in the caller transaction: a rollback leaves the stream open', async () => {
      const store = newStore();
      await store.append('s', [event()]);
      await expect(
        orm.em.transactional(async () => {
          await store.archiveStream('s');
          await expect(store.append('s', [event()])).rejects.toMatchObject({
            code: 'STREAM_ARCHIVED',
          });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await expect(store.append('s', [event()])).resolves.toMatchObject({ streamVersion: 2 });
    });

    it('does not show the transaction its own appends in readAll before it commits', async () => {
      const store = newStore();
      await orm.em.transactional(async () => {
        await store.append('s', [event()]);
        expect(await store.streamVersion('s')).toBe(1);
        expect(await store.readAll()).toEqual([]);
      });
    });
  });

  it('treats a checkpoint beyond the position ranges as the end of the log', async () => {
    const store = newStore();
    await store.append('s', [event()]);
    const huge = { transactionId: '99999999999999999999999', globalPosition: '1' };
    expect(await store.readAll({ after: huge })).toEqual([]);
  });
});
