import { describe, expect, it } from '@jest/globals';
import type { AuditEntry, AuditQuery, AuditSink } from '../../ports/audit-sink.port.js';
import { expectCode, readPages, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeAuditSinkContract` needs: a fresh, empty sink per test. */
export type AuditSinkContractSubject = ContractSubject<AuditSink>;

const BASE = Date.parse('2026-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

let sequence = 0;
function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  sequence += 1;
  return {
    id: `audit-${String(sequence).padStart(6, '0')}`,
    occurredAt: at(sequence),
    tenantId: 'tenant-a',
    action: 'order:confirm',
    outcome: 'success',
    ...overrides,
  };
}

/**
 * Contract every {@link AuditSink} adapter must pass: faithful, append-only storage,
 * idempotent retries, tenant isolation, filters, newest-first order and pagination without
 * duplicates or gaps.
 */
export function describeAuditSinkContract(
  name: string,
  factory: ContractFactory<AuditSinkContractSubject>,
): void {
  describe(`AuditSink contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const sink = () => subject().adapter;

    async function queryAll(query: Omit<AuditQuery, 'cursor'>): Promise<AuditEntry[]> {
      const pages = await readPages((cursor) => sink().query({ ...query, cursor }));
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(query.limit ?? 100);
      return pages.flatMap((page) => page.items);
    }

    const ids = (items: readonly AuditEntry[]) => items.map((item) => item.id);

    describe('record', () => {
      it('stores every field faithfully', async () => {
        const full = entry({
          actor: { id: 'user-1', authMethod: 'jwt' },
          resource: { type: 'Order', id: 'order-7' },
          outcome: 'denied',
          reason: 'missing permission order:approve',
          errorCode: 'FORBIDDEN',
          correlationId: 'corr-1',
          clientAddress: '203.0.113.9',
          userAgent: 'curl/8.9',
          details: { orderId: 'order-7', lines: [{ sku: 'A-1', quantity: 2 }], note: null },
        });
        await sink().record(full);
        const page = await sink().query({ tenantId: 'tenant-a' });
        expect(page.items).toEqual([full]);
        expect(page.items[0]!.occurredAt).toBeInstanceOf(Date);
        expect(page.nextCursor).toBeUndefined();
      });

      it('stores a minimal entry', async () => {
        const minimal: AuditEntry = {
          id: 'minimal-1',
          occurredAt: at(0),
          action: 'system:start',
          outcome: 'success',
        };
        await sink().record(minimal);
        await expect(sink().query({ tenantId: null })).resolves.toEqual({ items: [minimal] });
      });

      it('round-trips details as JSON: nested values exact, undefined properties dropped', async () => {
        const details = {
          text: 'quote " backslash \\ emoji \u{1F600} ünïcode',
          integer: 9_007_199_254_740_991,
          fraction: 0.1,
          tiny: 1e-7,
          negative: -42.5,
          flags: [true, false, null],
          nested: { deeper: { list: [1, 'two', { three: 3 }] }, empty: {}, none: [] },
          dropped: undefined,
        };
        const recorded = entry({ details });
        await sink().record(recorded);
        const [read] = (await sink().query({ tenantId: 'tenant-a' })).items;
        const { dropped, ...kept } = details;
        expect(dropped).toBeUndefined();
        expect(read!.details).toStrictEqual(kept);
        expect(Object.keys(read!.details!)).not.toContain('dropped');
        expect(read).toEqual({ ...recorded, details: kept });
      });

      it('keeps its own copy of details', async () => {
        const details = { order: { id: 'order-1', lines: [1, 2] } };
        await sink().record(entry({ details }));
        details.order.id = 'changed';
        details.order.lines.push(3);
        const [read] = (await sink().query({ tenantId: 'tenant-a' })).items;
        expect(read!.details).toEqual({ order: { id: 'order-1', lines: [1, 2] } });
      });

      it('is idempotent by id: a retry adds nothing and keeps the first entry', async () => {
        const first = entry();
        await sink().record(first);
        await sink().record({ ...first, action: 'order:tampered' });
        await sink().record(first);
        const page = await sink().query({ tenantId: 'tenant-a' });
        expect(page.items).toEqual([first]);
      });

      it('keeps its own copy: mutating the recorded object changes nothing', async () => {
        const original = entry({ actor: { id: 'user-1', authMethod: 'jwt' } });
        const mutable = structuredClone(original);
        await sink().record(mutable);
        Object.assign(mutable, { action: 'changed' });
        Object.assign(mutable.actor!, { id: 'someone-else' });
        mutable.occurredAt.setTime(0);
        const page = await sink().query({ tenantId: 'tenant-a' });
        expect(page.items).toEqual([original]);
      });

      it('records concurrent entries without losing any', async () => {
        const batch = Array.from({ length: 50 }, () => entry());
        await Promise.all(batch.map((item) => sink().record(item)));
        const all = await queryAll({ tenantId: 'tenant-a', limit: 1_000 });
        expect(all).toHaveLength(50);
      });

      it('rejects malformed entries with VALIDATION_FAILED and records nothing', async () => {
        const bad: unknown[] = [
          { ...entry(), id: '' },
          { ...entry(), occurredAt: new Date('invalid') },
          { ...entry(), occurredAt: '2026-01-01T00:00:00Z' },
          { ...entry(), action: '' },
          { ...entry(), outcome: 'maybe' },
          { ...entry(), tenantId: '' },
          { ...entry(), actor: { id: '', authMethod: 'jwt' } },
          { ...entry(), resource: { type: 'Order' } },
          { ...entry(), details: ['not', 'an', 'object'] },
          { ...entry(), details: 'text' },
          { ...entry(), details: null },
          { ...entry(), details: { at: new Date() } },
          { ...entry(), details: { count: Number.NaN } },
          { ...entry(), details: { run: () => 1 } },
          { ...entry(), details: { big: 1n } },
          { ...entry(), details: { items: new Map() } },
          { ...entry(), details: { text: 'nul \u0000 byte' } },
          { ...entry(), reason: 'nul \u0000 byte' },
        ];
        for (const item of bad)
          await expectCode(sink().record(item as AuditEntry), 'VALIDATION_FAILED');
        await expect(sink().query({ tenantId: 'tenant-a' })).resolves.toEqual({ items: [] });
      });
    });

    describe('query', () => {
      it('isolates tenants and the platform from each other', async () => {
        const a = entry({ tenantId: 'tenant-a' });
        const b = entry({ tenantId: 'tenant-b' });
        const platform = entry({ tenantId: undefined });
        for (const item of [a, b, platform]) await sink().record(item);
        expect(ids((await sink().query({ tenantId: 'tenant-a' })).items)).toEqual([a.id]);
        expect(ids((await sink().query({ tenantId: 'tenant-b' })).items)).toEqual([b.id]);
        expect(ids((await sink().query({ tenantId: null })).items)).toEqual([platform.id]);
        await expect(sink().query({ tenantId: 'tenant-c' })).resolves.toEqual({ items: [] });
      });

      it('returns entries newest first, whatever the recording order', async () => {
        const items = [entry(), entry(), entry(), entry()];
        for (const item of [items[2]!, items[0]!, items[3]!, items[1]!]) await sink().record(item);
        const page = await sink().query({ tenantId: 'tenant-a' });
        expect(ids(page.items)).toEqual(ids([...items].reverse()));
      });

      it('filters by actor, action, outcome and time range (from inclusive, to exclusive)', async () => {
        const alice = { id: 'alice', authMethod: 'jwt' } as const;
        const bob = { id: 'bob', authMethod: 'api-key' } as const;
        const e1 = entry({ actor: alice, action: 'order:create', occurredAt: at(100) });
        const e2 = entry({
          actor: bob,
          action: 'order:create',
          outcome: 'denied',
          occurredAt: at(200),
        });
        const e3 = entry({
          actor: alice,
          action: 'order:confirm',
          outcome: 'failed',
          occurredAt: at(300),
        });
        const e4 = entry({ action: 'order:create', occurredAt: at(400) });
        for (const item of [e1, e2, e3, e4]) await sink().record(item);
        const find = async (filters: Partial<AuditQuery>) =>
          ids((await sink().query({ tenantId: 'tenant-a', ...filters })).items);
        await expect(find({ actorId: 'alice' })).resolves.toEqual([e3.id, e1.id]);
        await expect(find({ action: 'order:create' })).resolves.toEqual([e4.id, e2.id, e1.id]);
        await expect(find({ outcome: 'denied' })).resolves.toEqual([e2.id]);
        await expect(find({ from: at(200) })).resolves.toEqual([e4.id, e3.id, e2.id]);
        await expect(find({ to: at(300) })).resolves.toEqual([e2.id, e1.id]);
        await expect(find({ from: at(200), to: at(400) })).resolves.toEqual([e3.id, e2.id]);
        await expect(find({ actorId: 'alice', action: 'order:create' })).resolves.toEqual([e1.id]);
        await expect(find({ actorId: 'nobody' })).resolves.toEqual([]);
      });

      it('filters by resource type and resource id', async () => {
        const order1 = entry({ resource: { type: 'Order', id: 'o-1' } });
        const order2 = entry({ resource: { type: 'Order', id: 'o-2' } });
        const invoice1 = entry({ resource: { type: 'Invoice', id: 'o-1' } });
        const none = entry();
        for (const item of [order1, order2, invoice1, none]) await sink().record(item);
        const find = async (filters: Partial<AuditQuery>) =>
          ids((await sink().query({ tenantId: 'tenant-a', ...filters })).items);
        await expect(find({ resourceType: 'Order' })).resolves.toEqual([order2.id, order1.id]);
        await expect(find({ resourceId: 'o-1' })).resolves.toEqual([invoice1.id, order1.id]);
        await expect(find({ resourceType: 'Order', resourceId: 'o-1' })).resolves.toEqual([
          order1.id,
        ]);
        await expect(find({ resourceType: 'Customer' })).resolves.toEqual([]);
      });

      it('pages through every entry exactly once, in order', async () => {
        const items = Array.from({ length: 25 }, () => entry());
        await Promise.all(items.map((item) => sink().record(item)));
        const expected = ids([...items].reverse());
        for (const limit of [1, 7, 25, 100]) {
          expect(ids(await queryAll({ tenantId: 'tenant-a', limit }))).toEqual(expected);
        }
      });

      it('pages through entries sharing one timestamp without duplicates or gaps', async () => {
        const sameTime = Array.from({ length: 12 }, (_, index) =>
          entry({ id: `tie-${index.toString(36)}-${index}`, occurredAt: at(5_000) }),
        );
        await Promise.all(sameTime.map((item) => sink().record(item)));
        const paged = ids(await queryAll({ tenantId: 'tenant-a', limit: 5 }));
        expect(new Set(paged).size).toBe(12);
        expect([...paged].sort()).toEqual(ids(sameTime).sort());
        expect(ids(await queryAll({ tenantId: 'tenant-a', limit: 100 }))).toEqual(paged);
      });

      it('ends with no cursor when the last page is exactly full, and applies filters across pages', async () => {
        for (let index = 0; index < 8; index += 1) {
          await sink().record(entry({ outcome: index % 2 === 0 ? 'success' : 'denied' }));
        }
        const first = await sink().query({ tenantId: 'tenant-a', outcome: 'denied', limit: 2 });
        const second = await sink().query({
          tenantId: 'tenant-a',
          outcome: 'denied',
          limit: 2,
          cursor: first.nextCursor,
        });
        expect([...first.items, ...second.items].every((item) => item.outcome === 'denied')).toBe(
          true,
        );
        expect(first.items).toHaveLength(2);
        expect(second.items).toHaveLength(2);
        expect(second.nextCursor).toBeUndefined();
      });

      it('keeps later pages stable when newer entries arrive between pages', async () => {
        const items = Array.from({ length: 6 }, () => entry());
        for (const item of items) await sink().record(item);
        const first = await sink().query({ tenantId: 'tenant-a', limit: 3 });
        await sink().record(entry({ occurredAt: at(1_000_000) }));
        const second = await sink().query({
          tenantId: 'tenant-a',
          limit: 3,
          cursor: first.nextCursor,
        });
        expect(ids([...first.items, ...second.items])).toEqual(ids([...items].reverse()));
        expect(second.nextCursor).toBeUndefined();
      });

      it('rejects invalid queries with VALIDATION_FAILED', async () => {
        await expectCode(sink().query({} as AuditQuery), 'VALIDATION_FAILED');
        await expectCode(sink().query({ tenantId: '' }), 'VALIDATION_FAILED');
        await expectCode(sink().query({ tenantId: 't', limit: 0 }), 'VALIDATION_FAILED');
        await expectCode(sink().query({ tenantId: 't', limit: 2.5 }), 'VALIDATION_FAILED');
        await expectCode(
          sink().query({ tenantId: 't', outcome: 'maybe' as AuditQuery['outcome'] }),
          'VALIDATION_FAILED',
        );
        await expectCode(
          sink().query({ tenantId: 't', from: at(2), to: at(1) }),
          'VALIDATION_FAILED',
        );
        await expectCode(sink().query({ tenantId: 't', from: new Date('x') }), 'VALIDATION_FAILED');
        await expectCode(sink().query({ tenantId: 't', actorId: 'a\u0000' }), 'VALIDATION_FAILED');
        await expectCode(sink().query({ tenantId: 't\u0000' }), 'VALIDATION_FAILED');
        await expectCode(
          sink().query({ tenantId: 't', resourceId: 7 as unknown as string }),
          'VALIDATION_FAILED',
        );
        await expectCode(
          sink().query({ tenantId: 't', cursor: '%%garbage%%' }),
          'VALIDATION_FAILED',
        );
      });
    });
  });
}
