import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  compareLogPositions,
  isConcurrencyError,
  LOG_START,
  type LogPosition,
  type NewEvent,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createEventStoreTestSchema, createTestOrm } from '../testing/postgres-test-database.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';

const WRITERS = 16;
const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  version: 1,
  data,
});

let orm: MikroORM;
let store: PostgresEventStore;
let schema: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  orm = await createTestOrm({ pool: { min: 0, max: WRITERS + 4 } });
});
afterAll(async () => {
  await orm.close();
});
beforeEach(async () => {
  ({ schema, drop } = await createEventStoreTestSchema(orm));
  store = new PostgresEventStore(orm.em, { schema });
});
afterEach(async () => {
  await store.close();
  await drop();
});

/** Reads the log from `after` until `done` accepts what was read, for at most 5 s. */
async function readLogUntil(
  done: (events: StoredEvent[]) => boolean,
  after: LogPosition | null = LOG_START,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  const deadline = Date.now() + 5_000;
  while (!done(events) && Date.now() < deadline) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? after, limit: 100 });
    events.push(...batch);
    if (batch.length === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return events;
}

describe('concurrent writers on PostgreSQL', () => {
  it(`lets exactly one of ${WRITERS} writers win each version of one stream`, async () => {
    for (let version = 0; version < 5; version++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, w) =>
          store.append('contended', [event(`v${version}.w${w}`)], { expectedVersion: version }),
        ),
      );
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(WRITERS - 1);
      for (const error of losers) {
        expect(error).toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          streamId: 'contended',
          expected: version,
          actual: version + 1,
        });
      }
    }
    const [{ versions, distinct }] = await orm.em
      .getConnection()
      .execute<{ versions: number; distinct: number }[]>(
        `SELECT count(*)::int AS versions, count(DISTINCT stream_version)::int AS distinct
         FROM "${schema}".cqrs_messages WHERE stream_id = 'contended'`,
      );
    expect({ versions, distinct }).toEqual({ versions: 5, distinct: 5 });
    expect(await store.streamVersion('contended')).toBe(5);
  });

  it(`serialises ${WRITERS} retrying writers into one gap-free stream`, async () => {
    const perWriter = 4;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let k = 0; k < perWriter;) {
          const expectedVersion = await store.streamVersion('shared');
          try {
            await store.append('shared', [event(`w${w}.${k}`)], { expectedVersion });
            k += 1;
          } catch (error) {
            if (!isConcurrencyError(error)) throw error;
            conflicts += 1;
          }
        }
      }),
    );
    const total = WRITERS * perWriter;
    const log = await readLogUntil((events) => events.length >= total);
    expect(log.map((e) => e.streamVersion)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (let w = 0; w < WRITERS; w++) {
      const own = log.filter((e) => e.type.startsWith(`w${w}.`)).map((e) => e.type);
      expect(own).toEqual(Array.from({ length: perWriter }, (_, k) => `w${w}.${k}`));
    }
    expect(conflicts).toBeGreaterThan(0);
  });

  it(`loses nothing from ${WRITERS} writers on distinct streams`, async () => {
    const appendsPerWriter = 10;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let k = 0; k < appendsPerWriter; k++) {
          await store.append(`stream-${w}`, [event(`w${w}.${k}.a`), event(`w${w}.${k}.b`)], {
            expectedVersion: k * 2,
          });
        }
      }),
    );
    const total = WRITERS * appendsPerWriter * 2;
    const log = await readLogUntil((events) => events.length >= total);
    expect(log).toHaveLength(total);
    expect(new Set(log.map((e) => e.eventId)).size).toBe(total);
    for (let w = 0; w < WRITERS; w++) {
      expect(await store.streamVersion(`stream-${w}`)).toBe(appendsPerWriter * 2);
      const versions = log.filter((e) => e.streamId === `stream-${w}`).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: appendsPerWriter * 2 }, (_, i) => i + 1));
    }
  });

  it('keeps multi-stream appends locking streams in opposite orders free of deadlocks', async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, (_, w) => {
        const streams = w % 2 === 0 ? ['x', 'y', 'z'] : ['z', 'y', 'x'];
        return store.appendToStreams(
          streams.map((streamId) => ({ streamId, events: [event(`${streamId}.${w}`)] })),
        );
      }),
    );
    for (const streamId of ['x', 'y', 'z'])
      expect(await store.streamVersion(streamId)).toBe(WRITERS);
  });
});

describe('gap-safe readAll', () => {
  /**
   * Writer A appends inside a transaction that stays open; writer B appends later-numbered
   * events and commits. Returns A's and B's events once A has ended with `endA`.
   */
  async function gapScenario(endA: 'commit' | 'rollback') {
    await store.append('before', [event('before')]);
    const [before] = await readLogUntil((events) => events.length >= 1);
    const checkpoint = before.position;

    let appendedA!: () => void;
    const aAppended = new Promise<void>((resolve) => (appendedA = resolve));
    let finishA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (finishA = resolve));
    const writerA = orm.em
      .transactional(async () => {
        const result = await store.append('a', [event('a.1'), event('a.2')]);
        appendedA();
        await aMayFinish;
        if (endA === 'rollback') throw new Error('writer A rolls back');
        return result;
      })
      .catch((error: Error) => error);
    await aAppended;

    const b = await store.append('b', [event('b.1'), event('b.2')]);
    const [committedB] = await orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(
        `SELECT count(*)::int AS n
         FROM "${schema}".cqrs_messages WHERE stream_id = 'b'`,
      );
    expect(committedB.n).toBe(2); // B is committed and visible to plain queries

    // The reader polls while A is still open: B's later-numbered events must not come first.
    for (let poll = 0; poll < 5; poll++) {
      expect(await store.readAll({ after: checkpoint })).toEqual([]);
    }

    finishA();
    const a = await writerA;
    const expected = endA === 'commit' ? 4 : 2;
    const read = await readLogUntil((events) => events.length >= expected, checkpoint);
    return { a, b, read, checkpoint };
  }

  it("returns A's events, then B's, once A commits: none skipped", async () => {
    const { a, b, read, checkpoint } = await gapScenario('commit');
    if (a instanceof Error) throw a;
    expect(read.map((e) => e.type)).toEqual(['a.1', 'a.2', 'b.1', 'b.2']);
    expect(read).toEqual([...a.events, ...b.events]);
    // B's events were numbered after A's but committed first; the order is still A then B.
    const positionsOf = (events: readonly StoredEvent[]) =>
      events.map((e) => BigInt(e.position.globalPosition));
    expect(positionsOf(read.slice(0, 2)).every((p) => p < positionsOf(b.events)[0])).toBe(true);
    for (let i = 1; i < read.length; i++) {
      expect(compareLogPositions(read[i - 1].position, read[i].position)).toBeLessThan(0);
    }
    expect(compareLogPositions(checkpoint, read[0].position)).toBeLessThan(0);
    expect(await store.readAll({ after: read[3].position })).toEqual([]);
  });

  it("returns B's events once A rolls back, and never A's", async () => {
    const { a, read } = await gapScenario('rollback');
    expect(a).toBeInstanceOf(Error);
    expect(read.map((e) => e.type)).toEqual(['b.1', 'b.2']);
    expect(await store.streamVersion('a')).toBe(0);
    expect(await store.readAll({ after: read[1].position })).toEqual([]);
  });
});
