import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork, runInContext, type UnitOfWork } from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork } from '@cqrs-ddd/event-store';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describeInboxStoreContract } from '../testing/inbox-store.contract.js';
import { inboxTable, migrateInbox } from './inbox-schema.js';
import { PostgresInboxStore } from './postgres-inbox.store.js';

describe('PostgresInboxStore', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    await orm.close();
  });

  /** A store on a freshly migrated schema of its own, dropped after the test. */
  const freshStore = async () => {
    const schema = `inbox_${randomBytes(6).toString('hex')}`;
    await migrateInbox(orm.em, { schema });
    return {
      schema,
      adapter: new PostgresInboxStore(orm.em, { schema }),
      dispose: () => orm.em.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).then(() => {}),
    };
  };

  describeInboxStoreContract('postgres, MikroOrmUnitOfWork', async () => ({
    ...(await freshStore()),
    unitOfWork: new MikroOrmUnitOfWork(orm.em),
  }));

  // `enlist` opens the transaction itself when the unit of work is not a MikroORM one.
  describeInboxStoreContract('postgres, InMemoryUnitOfWork', async () => ({
    ...(await freshStore()),
    unitOfWork: new InMemoryUnitOfWork() as UnitOfWork,
  }));

  it('migrates idempotently, and refuses a schema that is not a plain identifier', async () => {
    const { schema, adapter, dispose } = await freshStore();
    await migrateInbox(orm.em, { schema });
    await Promise.all([migrateInbox(orm.em, { schema }), migrateInbox(orm.em, { schema })]);
    await expect(adapter.record('billing', 'm-1')).resolves.toBe(true);
    await dispose();
    expect(() => inboxTable({ schema: 'Bad"; DROP' })).toThrow(
      expect.objectContaining({ code: 'OUTBOX_CONFIGURATION' }),
    );
    expect(() => new PostgresInboxStore(orm.em, { schema: '1x' })).toThrow(
      expect.objectContaining({ code: 'OUTBOX_CONFIGURATION' }),
    );
  });

  it("keeps the request context's tenant with each record", async () => {
    const { schema, adapter, dispose } = await freshStore();
    await runInContext({ tenantId: 'acme' }, () => adapter.record('billing', 'm-1'));
    await adapter.record('billing', 'm-2');
    const rows = await orm.em.execute<{ message_id: string; tenant_id: string | null }[]>(
      `SELECT message_id, tenant_id FROM "${schema}".inbox_messages ORDER BY message_id`,
    );
    expect(rows).toEqual([
      { message_id: 'm-1', tenant_id: 'acme' },
      { message_id: 'm-2', tenant_id: null },
    ]);
    await dispose();
  });

  it('purges by processed_at, keeping the records processed since', async () => {
    const { schema, adapter, dispose } = await freshStore();
    await adapter.record('billing', 'old');
    await adapter.record('billing', 'new');
    await orm.em.execute(
      `UPDATE "${schema}".inbox_messages SET processed_at = now() - interval '2 days'
       WHERE message_id = 'old'`,
    );
    await expect(adapter.purge(new Date(Date.now() - 86_400_000))).resolves.toBe(1);
    await expect(adapter.has('billing', 'old')).resolves.toBe(false);
    await expect(adapter.has('billing', 'new')).resolves.toBe(true);
    await dispose();
  });
});
