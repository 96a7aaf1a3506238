import { describe, expect, it } from '@jest/globals';
import { describeAuditStoreContract } from '../chain/audit-store-contract.fixture.js';
import { MemoryAuditStore } from './memory-audit.store.js';

describeAuditStoreContract('MemoryAuditStore', () => ({ adapter: new MemoryAuditStore() }));

describe('MemoryAuditStore', () => {
  it('keeps entries recorded while a purge rebuilds its index', async () => {
    const store = new MemoryAuditStore();
    const old = new Date('2020-01-01T00:00:00.000Z');
    const now = new Date('2026-01-01T00:00:00.000Z');
    await store.record({ id: 'old', occurredAt: old, action: 'a', outcome: 'success' });
    const purging = store.purgeBefore(now);
    const recording = store.record({ id: 'new', occurredAt: now, action: 'a', outcome: 'success' });
    await Promise.all([purging, recording]);
    const page = await store.query({ tenantId: null });
    expect(page.items.map((item) => item.id)).toEqual(['new']);
    await expect(store.verify(null)).resolves.toMatchObject({ valid: true, lastSequence: 2 });
  });

  it('records a purged id again as a new entry, like the PostgreSQL store', async () => {
    const store = new MemoryAuditStore();
    const entry = {
      id: 'e-1',
      occurredAt: new Date('2020-01-01T00:00:00.000Z'),
      tenantId: 't',
      action: 'a',
      outcome: 'success',
    } as const;
    await store.record(entry);
    await store.purgeBefore(new Date('2021-01-01T00:00:00.000Z'));
    await store.record(entry);
    await expect(store.query({ tenantId: 't' })).resolves.toEqual({ items: [entry] });
    await expect(store.verify('t')).resolves.toMatchObject({ valid: true, lastSequence: 2 });
  });
});
