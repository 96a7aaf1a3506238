import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@cqrs-ddd/core';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type AuditTestSchema, createAuditTestSchema } from './postgres-audit-test.fixture.js';
import { PostgresAuditStore } from './postgres-audit.store.js';

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];
const PER_TENANT = 40;

describe('PostgresAuditStore under concurrent writers on separate pools', () => {
  let orms: MikroORM[];
  let trail: AuditTestSchema;
  beforeAll(async () => {
    orms = await Promise.all([1, 2, 3].map(() => createTestOrm({ pool: { min: 0, max: 8 } })));
  });
  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close()));
  });

  let schemaCounter = 0;
  async function stores(): Promise<PostgresAuditStore[]> {
    schemaCounter += 1;
    trail = await createAuditTestSchema(orms[0]!);
    return orms.map((orm) => new PostgresAuditStore(orm.em, { schema: trail.schema }));
  }

  function entries(occurredAt: (index: number) => Date): AuditEntry[] {
    return TENANTS.flatMap((tenantId) =>
      Array.from({ length: PER_TENANT }, (_, index) => ({
        id: `${schemaCounter}-${tenantId}-${index}`,
        occurredAt: occurredAt(index),
        tenantId,
        action: 'order:confirm',
        outcome: 'success' as const,
        details: { index },
      })),
    );
  }

  async function sequences(tenantId: string): Promise<number[]> {
    const rows = await orms[0]!.em
      .getConnection()
      .execute<{ sequence: string }[]>(
        `SELECT sequence FROM "${trail.schema}"."audit_log" WHERE tenant_key = ? ORDER BY sequence`,
        [tenantId],
      );
    return rows.map((row) => Number(row.sequence));
  }

  it('keeps one contiguous, valid chain per tenant', async () => {
    const writers = await stores();
    const all = entries((index) => new Date(Date.UTC(2026, 0, 1, 0, index)));
    await Promise.all(all.map((item, index) => writers[index % writers.length]!.record(item)));
    // Retries racing the first attempts add nothing and use no sequence number.
    await Promise.all(
      all.slice(0, 30).map((item, index) => writers[(index + 1) % 3]!.record(item)),
    );
    const contiguous = Array.from({ length: PER_TENANT }, (_, index) => index + 1);
    for (const tenantId of TENANTS) {
      await expect(sequences(tenantId)).resolves.toEqual(contiguous);
      await expect(writers[0]!.verify(tenantId)).resolves.toMatchObject({
        valid: true,
        checked: PER_TENANT,
        lastSequence: PER_TENANT,
      });
    }
    await trail.drop();
  });

  it('stays verifiable when purges run between the writers', async () => {
    const writers = await stores();
    const all = entries((index) => new Date(Date.UTC(2020, 0, 1, 0, index)));
    const purges: Promise<number>[] = [];
    const writes = all.map(async (item, index) => {
      await writers[index % 3]!.record(item);
      if (index % 20 === 0) purges.push(writers[(index + 1) % 3]!.purgeBefore(new Date()));
    });
    await Promise.all(writes);
    const purgedMeanwhile = (await Promise.all(purges)).reduce((sum, count) => sum + count, 0);
    expect(purgedMeanwhile).toBeGreaterThan(0);
    for (const tenantId of TENANTS) {
      await expect(writers[1]!.verify(tenantId)).resolves.toMatchObject({ valid: true });
    }
    // Every entry occurred in 2020: a last purge leaves only the anchors, which new entries
    // continue from.
    const purgedLast = await writers[2]!.purgeBefore(new Date());
    expect(purgedMeanwhile + purgedLast).toBe(all.length);
    for (const [index, tenantId] of TENANTS.entries()) {
      await expect(sequences(tenantId)).resolves.toEqual([]);
      await writers[index]!.record({ ...all[index * PER_TENANT]!, id: `${tenantId}-after` });
      await expect(sequences(tenantId)).resolves.toEqual([PER_TENANT + 1]);
      await expect(writers[1]!.verify(tenantId)).resolves.toMatchObject({
        valid: true,
        checked: 1,
        lastSequence: PER_TENANT + 1,
      });
    }
    await trail.drop();
  });
});
