import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@cqrs-ddd/core';
import {
  type ContractFactory,
  type ContractSubject,
  describeAuditSinkContract,
  expectCode,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import type { AuditStore } from './audit.store.js';

const BASE = Date.parse('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(BASE + n * 86_400_000);

let counter = 0;
function entry(tenantId: string | undefined, occurredAt: Date, extra: Partial<AuditEntry> = {}) {
  counter += 1;
  return {
    id: `chain-${String(counter).padStart(6, '0')}`,
    occurredAt,
    tenantId,
    action: 'order:confirm',
    outcome: 'success',
    details: { n: counter, nested: { b: 2, a: [1, { z: true, y: null }] } },
    ...extra,
  } satisfies AuditEntry;
}

/**
 * What every {@link AuditStore} must do, besides the core `AuditSink` contract (run too):
 * per-tenant chains numbered 1, 2, 3..., idempotent ids that use no sequence number, verify of
 * whole chains and ranges, purge of the oldest run of entries with verification still passing
 * from the retention anchor, and argument validation.
 */
export function describeAuditStoreContract(
  name: string,
  factory: ContractFactory<ContractSubject<AuditStore>>,
): void {
  describeAuditSinkContract(name, factory);

  describe(`AuditStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;

    it('chains each tenant and the platform separately, sequences 1..n, verifiable', async () => {
      for (let i = 0; i < 5; i += 1) {
        await store().record(entry('tenant-a', day(i)));
        await store().record(entry('tenant-b', day(i)));
      }
      await store().record(entry(undefined, day(0)));
      const a = await store().verify('tenant-a');
      expect(a).toMatchObject({ valid: true, checked: 5, lastSequence: 5 });
      expect(a.valid && a.lastHash).toMatch(/^[0-9a-f]{64}$/);
      await expect(store().verify('tenant-b')).resolves.toMatchObject({ checked: 5 });
      await expect(store().verify(null)).resolves.toMatchObject({ valid: true, checked: 1 });
      await expect(store().verify('nobody')).resolves.toEqual({ valid: true, checked: 0 });
    });

    it('keeps one contiguous chain under concurrent recording', async () => {
      const batch = Array.from({ length: 30 }, (_, i) => entry(`tenant-${i % 3}`, day(i)));
      await Promise.all(batch.map((item) => store().record(item)));
      for (const tenant of ['tenant-0', 'tenant-1', 'tenant-2']) {
        await expect(store().verify(tenant)).resolves.toMatchObject({
          valid: true,
          checked: 10,
          lastSequence: 10,
        });
      }
    });

    it('uses no sequence number for a retried id', async () => {
      const first = entry('tenant-a', day(1));
      await store().record(first);
      await store().record(first);
      await store().record({ ...first, action: 'changed' });
      await store().record(entry('tenant-a', day(2)));
      await expect(store().verify('tenant-a')).resolves.toMatchObject({
        checked: 2,
        lastSequence: 2,
      });
    });

    it('verifies a range of sequence numbers', async () => {
      for (let i = 0; i < 6; i += 1) await store().record(entry('tenant-a', day(i)));
      await expect(store().verify('tenant-a', { from: 3, to: 4 })).resolves.toMatchObject({
        valid: true,
        checked: 2,
        lastSequence: 4,
      });
      await expect(store().verify('tenant-a', { from: 5 })).resolves.toMatchObject({
        checked: 2,
        lastSequence: 6,
      });
      await expect(store().verify('tenant-a', { to: 1 })).resolves.toMatchObject({ checked: 1 });
      await expect(store().verify('tenant-a', { from: 9 })).resolves.toMatchObject({
        valid: false,
        problem: 'missing-entry',
        sequence: 8,
      });
    });

    it('purges the oldest run of entries before the cutoff and still verifies', async () => {
      const a = [0, 1, 2, 9, 3, 10].map((n) => entry('tenant-a', day(n)));
      const b = [0, 1].map((n) => entry('tenant-b', day(n)));
      const keep = [20].map((n) => entry(undefined, day(n)));
      for (const item of [...a, ...b, ...keep]) await store().record(item);
      // tenant-a: 1..3 before day 5, then day 9 stops the run (day 3 after it waits for it).
      await expect(store().purgeBefore(day(5))).resolves.toBe(5);
      const left = await store().query({ tenantId: 'tenant-a' });
      expect(left.items.map((item) => item.id).sort()).toEqual([a[3]!.id, a[4]!.id, a[5]!.id]);
      await expect(store().query({ tenantId: 'tenant-b' })).resolves.toEqual({ items: [] });
      await expect(store().verify('tenant-a')).resolves.toMatchObject({
        valid: true,
        checked: 3,
        lastSequence: 6,
      });
      await expect(store().verify('tenant-b')).resolves.toEqual({ valid: true, checked: 0 });
      await expect(store().verify(null)).resolves.toMatchObject({ valid: true, checked: 1 });
      await expect(store().purgeBefore(day(5))).resolves.toBe(0);
    });

    it('continues a purged chain from its retention anchor', async () => {
      for (let i = 0; i < 3; i += 1) await store().record(entry('tenant-a', day(i)));
      await expect(store().purgeBefore(day(10))).resolves.toBe(3);
      await store().record(entry('tenant-a', day(11)));
      await store().record(entry('tenant-a', day(12)));
      await expect(store().verify('tenant-a')).resolves.toMatchObject({
        valid: true,
        checked: 2,
        lastSequence: 5,
      });
      await expect(store().verify('tenant-a', { from: 1, to: 4 })).resolves.toMatchObject({
        checked: 1,
        lastSequence: 4,
      });
      await expect(store().purgeBefore(day(12))).resolves.toBe(1);
      await expect(store().verify('tenant-a')).resolves.toMatchObject({
        checked: 1,
        lastSequence: 5,
      });
    });

    it('rejects invalid verify ranges and cutoffs with VALIDATION_FAILED', async () => {
      await expectCode(store().verify(''), 'VALIDATION_FAILED');
      await expectCode(store().verify('t\u0000'), 'VALIDATION_FAILED');
      await expectCode(store().verify('t', { from: 0 }), 'VALIDATION_FAILED');
      await expectCode(store().verify('t', { to: 1.5 }), 'VALIDATION_FAILED');
      await expectCode(store().verify('t', { from: 3, to: 2 }), 'VALIDATION_FAILED');
      await expectCode(store().purgeBefore(new Date('x')), 'VALIDATION_FAILED');
      await expectCode(store().purgeBefore('2026-01-01' as unknown as Date), 'VALIDATION_FAILED');
    });
  });
}
