import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@cqrs-ddd/core';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describeAuditStoreContract } from '../chain/audit-store-contract.fixture.js';
import { ensureAuditSchema } from './audit-schema.js';
import { createAuditTestSchema } from './postgres-audit-test.fixture.js';
import { PostgresAuditStore } from './postgres-audit.store.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

describeAuditStoreContract('PostgresAuditStore', async () => {
  const { schema, drop } = await createAuditTestSchema(orm);
  return { adapter: new PostgresAuditStore(orm.em, { schema }), dispose: drop };
});

describe('PostgresAuditStore', () => {
  let schema: string;
  let store: PostgresAuditStore;
  beforeAll(async () => {
    ({ schema } = await createAuditTestSchema(orm));
    store = new PostgresAuditStore(orm.em, { schema });
  });

  let counter = 0;
  const entry = (tenantId: string): AuditEntry => {
    counter += 1;
    return {
      id: `tx-${counter}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, counter)),
      tenantId,
      action: 'order:confirm',
      outcome: 'success',
    };
  };
  const ids = async (tenantId: string) =>
    (await store.query({ tenantId })).items.map((item) => item.id);

  it('records inside the caller’s transaction: committed with it, rolled back with it', async () => {
    const committed = entry('tx-tenant');
    const rolledBack = entry('tx-tenant');
    await orm.em.transactional(async () => {
      await store.record(committed);
      await expect(ids('tx-tenant')).resolves.toEqual([committed.id]);
    });
    await expect(
      orm.em.transactional(async () => {
        await store.record(rolledBack);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await expect(ids('tx-tenant')).resolves.toEqual([committed.id]);
    const after = entry('tx-tenant');
    await store.record(after);
    // The rolled-back entry used no sequence number: the chain stays contiguous.
    await expect(store.verify('tx-tenant')).resolves.toMatchObject({
      valid: true,
      checked: 2,
      lastSequence: 2,
    });
  });

  it('creates its schema idempotently, also from instances starting together', async () => {
    await Promise.all([1, 2, 3].map(() => ensureAuditSchema(orm.em.getConnection(), { schema })));
    const recorded = entry('schema-tenant');
    await store.record(recorded);
    await expect(ids('schema-tenant')).resolves.toEqual([recorded.id]);
  });

  it('refuses a cursor outside the dates PostgreSQL and JavaScript share', async () => {
    const forged = Buffer.from(JSON.stringify([9e15, 'x'])).toString('base64url');
    await expect(store.query({ tenantId: 't', cursor: forged })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
