import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MongooseModule } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import { MongoReadModelStore } from '../mongo/mongo-read-model.store.js';
import { PostgresReadModelStore } from '../postgres/postgres-read-model.store.js';
import { describeMongoTarget } from '../testing/mongo-test-database.js';
import { balanceOf, BalanceQueries, bootAccounts, deposit } from './projections-module.fixture.js';
import { ProjectionsModule } from './projections.module.js';
import { ProjectionsService } from './projections.service.js';
import { EventStore, ReadModelStore, runInContext, type UnitOfWork } from '@cqrs-ddd/core';
import { EVENT_STORE_UNIT_OF_WORK } from '@cqrs-ddd/event-store';
import { isProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { InlineAccountsModule, InlineBalanceQueries } from './inline-projection.fixture.js';

const postgresEventStore = { driver: 'postgres', postgres: { migrate: true } } as const;

/** Deposits on fresh accounts (the test file's event log is shared) and reads them back. */
async function expectProjected(moduleRef: TestingModule, account: string): Promise<void> {
  await deposit(moduleRef, 'acme', account, 10, 20);
  const version = await deposit(moduleRef, 'globex', `${account}-other`, 1);
  const { balances } = moduleRef.get(BalanceQueries);
  await expect(balances.waitFor({ streamId: `${account}-other`, version }, 10_000)).resolves.toBe(
    true,
  );
  await expect(balanceOf(moduleRef, 'acme', account)).resolves.toEqual({
    id: account,
    balance: 30,
    deposits: 2,
  });
  await expect(balanceOf(moduleRef, 'globex', account)).resolves.toBeUndefined();
  const [status] = await moduleRef.get(ProjectionsService).status();
  expect(status.active?.partitions[0]).toMatchObject({ leaseHeld: true, eventsBehind: 0 });
}

describe('ProjectionsModule on real stores', () => {
  const modules: TestingModule[] = [];
  afterAll(async () => {
    for (const moduleRef of modules) await moduleRef.close();
  });

  it("'postgres': read model, checkpoints and coordination in PostgreSQL, resumed after a restart", async () => {
    const projections = () =>
      ProjectionsModule.forRoot({ store: 'postgres', postgres: { schema: 'projections_it' } });
    const first = await bootAccounts(projections(), postgresEventStore, [testMikroOrmModule()]);
    expect(first.get(ReadModelStore)).toBeInstanceOf(PostgresReadModelStore);
    await expectProjected(first, 'a-1');
    await first.close();
    // A new instance resumes from the stored checkpoint: nothing is applied twice.
    const second = await bootAccounts(projections(), postgresEventStore, [testMikroOrmModule()]);
    modules.push(second);
    const version = await deposit(second, 'acme', 'a-1', 5);
    await second.get(BalanceQueries).balances.waitFor({ streamId: 'a-1', version }, 10_000);
    await expect(balanceOf(second, 'acme', 'a-1')).resolves.toMatchObject({
      balance: 35,
      deposits: 3,
    });
  });

  it(`'mongo' (${describeMongoTarget()}): read model and checkpoints in MongoDB, coordination in PostgreSQL`, async () => {
    const database = `projections_it_${randomBytes(4).toString('hex')}`;
    const moduleRef = await bootAccounts(
      ProjectionsModule.forRoot({ store: 'mongo', postgres: { schema: 'projections_mongo_it' } }),
      postgresEventStore,
      [testMikroOrmModule(), MongooseModule.forRoot(process.env.MONGO_URL!, { dbName: database })],
    );
    modules.push(moduleRef);
    expect(moduleRef.get(ReadModelStore)).toBeInstanceOf(MongoReadModelStore);
    await expectProjected(moduleRef, 'm-1');
  });

  it('inline projection on PostgreSQL: written in the append transaction, rolled back with it', async () => {
    const moduleRef = await bootAccounts(
      ProjectionsModule.forRoot({
        store: 'postgres',
        postgres: { schema: 'projections_inline_it' },
      }),
      postgresEventStore,
      [testMikroOrmModule(), InlineAccountsModule],
    );
    modules.push(moduleRef);
    const unitOfWork = moduleRef.get<UnitOfWork>(EVENT_STORE_UNIT_OF_WORK);
    const { balances } = moduleRef.get(InlineBalanceQueries);
    const read = () => runInContext({ tenantId: 'acme' }, () => balances.get('i-1'));
    // Inside the transaction, before commit: only the inline path can have written it.
    const seenInside = await unitOfWork.run(async () => {
      await deposit(moduleRef, 'acme', 'i-1', 7);
      return read();
    });
    expect(seenInside).toEqual({ id: 'i-1', balance: 7, deposits: 1 });
    await expect(read()).resolves.toEqual({ id: 'i-1', balance: 7, deposits: 1 });

    // A refused event fails the append: neither the event nor the read-model change is kept.
    await expect(deposit(moduleRef, 'acme', 'i-1', -1)).rejects.toThrow('refused deposit of -1');
    await expect(moduleRef.get(EventStore).streamVersion('i-1')).resolves.toBe(1);
    await expect(read()).resolves.toMatchObject({ balance: 7, deposits: 1 });
  });

  it("refuses an inline projection on the 'mongo' store", async () => {
    const error = await bootAccounts(
      ProjectionsModule.forRoot({ store: 'mongo', postgres: { schema: 'projections_mongo_it' } }),
      postgresEventStore,
      [
        testMikroOrmModule(),
        MongooseModule.forRoot(process.env.MONGO_URL!, { dbName: 'inline_refused' }),
        InlineAccountsModule,
      ],
    ).then(
      (moduleRef) => moduleRef.close().then(() => undefined),
      (reason: unknown) => reason,
    );
    expect(isProjectionsConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('is inline');
  });
});
