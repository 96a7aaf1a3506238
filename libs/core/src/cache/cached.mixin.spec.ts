import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../adapters/memory/fake-clock.adapter.js';
import { InMemoryCache } from '../adapters/memory/in-memory-cache.adapter.js';
import { InMemoryCacheStore } from '../adapters/memory/in-memory-cache.store.js';
import { runInContext } from '../context/request-context-scope.js';
import { isValidationError } from '../errors/validation.error.js';
import type { Cache } from '../ports/cache.port.js';
import { rejectionOf, thrownBy } from '../testing/contracts/contract-helpers.js';
import { Cached, type MixinBase } from './cached.mixin.js';

interface Row {
  id: string;
  tenant: string;
  total: number;
  at: Date;
}

/** A repository over an in-memory table, counting the calls that reach it. */
class RowRepository {
  calls: string[] = [];
  constructor(
    readonly cache: Cache,
    readonly rows: Row[] = [],
  ) {}

  async findOne(id: string): Promise<Row | null> {
    this.calls.push(`findOne:${id}`);
    return this.rows.find((row) => row.id === id) ?? null;
  }

  async find(where: { minTotal?: number } = {}, transform?: (row: Row) => Row): Promise<Row[]> {
    this.calls.push('find');
    const rows = this.rows.filter((row) => row.total >= (where.minTotal ?? 0));
    return transform ? rows.map(transform) : rows;
  }

  async update(id: string, total: number): Promise<number> {
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!row) throw new Error(`no row ${id}`);
    row.total = total;
    return 1;
  }

  count(): number {
    return this.rows.length;
  }
}

const at = new Date('2026-01-02T03:04:05.000Z');
const seed = (): Row[] => [
  { id: 'a', tenant: 't1', total: 10, at },
  { id: 'b', tenant: 't1', total: 20, at },
];

class CachedRows extends Cached(RowRepository, {
  reads: ['findOne', 'find'],
  writes: ['update'],
}) {}

const newCache = (clock = new FakeClock(), store = new InMemoryCacheStore()) =>
  new InMemoryCache({ namespace: 'rows', clock, store });

describe('Cached(...) repository mixin', () => {
  it('serves repeated reads from the cache, per method and arguments', async () => {
    const repo = new CachedRows(newCache(), seed());
    await expect(repo.findOne('a')).resolves.toMatchObject({ id: 'a', total: 10 });
    await expect(repo.findOne('a')).resolves.toMatchObject({ id: 'a', total: 10 });
    await repo.findOne('b');
    await repo.find({ minTotal: 15 });
    await repo.find({ minTotal: 15 });
    await repo.find();
    expect(repo.calls).toEqual(['findOne:a', 'findOne:b', 'find', 'find']);
    expect(repo.count()).toBe(2);
  });

  it('returns results in their JSON form, on a miss as on a hit', async () => {
    const repo = new CachedRows(newCache(), seed());
    const expected = { id: 'a', tenant: 't1', total: 10, at: '2026-01-02T03:04:05.000Z' };
    await expect(repo.findOne('a')).resolves.toEqual(expected);
    await expect(repo.findOne('a')).resolves.toEqual(expected);
  });

  it('invalidates the cached reads when a write settles, also when it fails', async () => {
    const repo = new CachedRows(newCache(), seed());
    await repo.findOne('a');
    await repo.find();
    await expect(repo.update('a', 99)).resolves.toBe(1);
    await expect(repo.findOne('a')).resolves.toMatchObject({ total: 99 });
    await repo.find();
    expect(repo.calls).toEqual(['findOne:a', 'find', 'findOne:a', 'find']);
    repo.rows[0]!.total = 5;
    const failure = await rejectionOf(repo.update('missing', 1));
    expect((failure as Error).message).toBe('no row missing');
    await expect(repo.findOne('a')).resolves.toMatchObject({ total: 5 });
  });

  it("never serves one tenant's entry to another, nor invalidates across tenants", async () => {
    const cache = newCache();
    const repo = new CachedRows(cache, seed());
    const inTenant = <T>(tenantId: string, work: () => Promise<T>) =>
      runInContext({ tenantId }, work);
    await inTenant('t1', () => repo.findOne('a'));
    repo.rows[0]!.total = 11;
    await expect(inTenant('t2', () => repo.findOne('a'))).resolves.toMatchObject({ total: 11 });
    await inTenant('t2', () => repo.update('b', 21));
    await expect(inTenant('t1', () => repo.findOne('a'))).resolves.toMatchObject({ total: 10 });
    expect(repo.calls).toEqual(['findOne:a', 'findOne:a']);
  });

  it('expires cached reads after ttlMs', async () => {
    const clock = new FakeClock();
    class Expiring extends Cached(RowRepository, {
      reads: ['findOne'],
      writes: [],
      ttlMs: 1_000,
    }) {}
    const repo = new Expiring(newCache(clock), seed());
    await repo.findOne('a');
    clock.advance(999);
    await repo.findOne('a');
    clock.advance(1);
    await repo.findOne('a');
    expect(repo.calls).toEqual(['findOne:a', 'findOne:a']);
  });

  it('bypasses the cache for arguments JSON cannot describe', async () => {
    const repo = new CachedRows(newCache(), seed());
    const double = (row: Row) => ({ ...row, total: row.total * 2 });
    await expect(repo.find({}, double)).resolves.toHaveLength(2);
    const [first] = await repo.find({}, double);
    expect(first!.at).toBeInstanceOf(Date);
    await repo.findOne('x'.repeat(1_100));
    await repo.findOne('x'.repeat(1_100));
    expect(repo.calls).toHaveLength(4);
  });

  it('keeps repositories apart by class name (the default tag) on one cache', async () => {
    class Orders extends Cached(RowRepository, { reads: ['findOne'], writes: ['update'] }) {}
    class Invoices extends Cached(RowRepository, { reads: ['findOne'], writes: ['update'] }) {}
    const cache = newCache();
    const orders = new Orders(cache, seed());
    const invoices = new Invoices(cache, [{ id: 'a', tenant: 't1', total: 500, at }]);
    await expect(orders.findOne('a')).resolves.toMatchObject({ total: 10 });
    await expect(invoices.findOne('a')).resolves.toMatchObject({ total: 500 });
    await orders.update('a', 11);
    await invoices.findOne('a');
    expect(invoices.calls).toEqual(['findOne:a']);
    await expect(cache.get('Orders:findOne:["a"]')).resolves.toBeUndefined();
    await expect(cache.get('Invoices:findOne:["a"]')).resolves.toMatchObject({ total: 500 });
  });

  it('uses an explicit tag and cache accessor, and invalidates on demand', async () => {
    const cache = newCache();
    class Tagged extends Cached(RowRepository, {
      reads: ['findOne'],
      writes: [],
      tag: 'rows',
      cache: () => cache,
    }) {}
    const repo = new Tagged(newCache(), seed());
    await repo.findOne('a');
    await expect(cache.get('rows:findOne:["a"]')).resolves.toMatchObject({ id: 'a' });
    await repo.invalidateCache();
    await expect(cache.get('rows:findOne:["a"]')).resolves.toBeUndefined();
  });

  it('composes with another mixin in either order', async () => {
    function Counting<TBase extends MixinBase>(Base: TBase) {
      abstract class CountingRepository extends Base {
        reached = 0;
        async findOne(...args: unknown[]): Promise<unknown> {
          this.reached += 1;
          return (Base.prototype as unknown as RowRepository).findOne.apply(this, args as [string]);
        }
      }
      return CountingRepository;
    }
    class Outer extends Counting(Cached(RowRepository, { reads: ['findOne'], writes: [] })) {}
    class Inner extends Cached(Counting(RowRepository), { reads: ['findOne'], writes: [] }) {}
    const outer = new Outer(newCache(), seed());
    const inner = new Inner(newCache(), seed());
    for (const repo of [outer, inner]) {
      await repo.findOne('a');
      await repo.findOne('a');
    }
    expect([outer.reached, outer.calls.length]).toEqual([2, 1]);
    expect([inner.reached, inner.calls.length]).toEqual([1, 1]);
  });

  it('fails with VALIDATION_FAILED without a cache', async () => {
    class NoCache extends Cached(RowRepository, { reads: ['findOne'], writes: [] }) {}
    const repo = new NoCache(undefined as unknown as Cache, seed());
    expect(isValidationError(await rejectionOf(repo.findOne('a')))).toBe(true);
  });

  it('refuses unknown methods, overlaps and invalid ttlMs or tag when declared', () => {
    const invalid = [
      { reads: ['nope'], writes: [] },
      { reads: ['findOne'], writes: ['findOne'] },
      { reads: ['findOne'], writes: [], ttlMs: 0 },
      { reads: ['findOne'], writes: [], tag: '' },
    ];
    for (const options of invalid) {
      const error = thrownBy(() => Cached(RowRepository, options as never));
      expect(isValidationError(error)).toBe(true);
    }
  });
});
