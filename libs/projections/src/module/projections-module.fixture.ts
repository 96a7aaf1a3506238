import {
  type AppendResult,
  CqrsDddModule,
  DomainEvent,
  EventStore,
  type ReadModelDocument,
  runInContext,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { ProjectionHandlerContext } from '@cqrs-ddd/core/testing';
import { EventStoreModule, type EventStoreModuleOptions } from '@cqrs-ddd/event-store';
import { type DynamicModule, Injectable, Module, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { On } from '../projection/on.decorator.js';
import { Projection } from '../projection/projection.decorator.js';
import type { ReadModelRepository } from '../read-model/read-model.repository.js';
import { ProjectionsModule } from './projections.module.js';
import { InjectReadModel } from './projections.tokens.js';

export class Deposited extends DomainEvent {
  static readonly type = 'account.deposited';
  constructor(readonly amount: number) {
    super();
  }
}

export interface Balance extends ReadModelDocument {
  readonly balance: number;
  readonly deposits: number;
}

@Projection({
  name: 'balances',
  version: 1,
  idlePollMs: 200,
  leaseTtlMs: 2_000,
  retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
})
export class BalanceProjection {
  /** While true, a deposit of 13 fails (a poison event, until "fixed"). */
  static refuseThirteen = false;

  @On(Deposited)
  async deposited(
    event: StoredEvent<{ amount: number }>,
    context: ProjectionHandlerContext<Balance>,
  ) {
    if (BalanceProjection.refuseThirteen && event.data.amount === 13) {
      throw new Error('13 is refused');
    }
    await addDeposit(event, context);
  }
}

/** Adds a deposit to its account's balance (read-modify-write: a double application shows). */
export async function addDeposit(
  event: StoredEvent<{ amount: number }>,
  { collection, at }: Pick<ProjectionHandlerContext<Balance>, 'collection' | 'at'>,
): Promise<void> {
  const current = await collection.get(event.streamId);
  await collection.upsert(
    {
      id: event.streamId,
      balance: (current?.balance ?? 0) + event.data.amount,
      deposits: (current?.deposits ?? 0) + 1,
    },
    at,
  );
}

/** Reads balances the way an app's query handler would. */
@Injectable()
export class BalanceQueries {
  constructor(
    @InjectReadModel(BalanceProjection) readonly balances: ReadModelRepository<Balance>,
  ) {}
}

@Module({
  imports: [ProjectionsModule.forFeature([BalanceProjection])],
  providers: [BalanceQueries],
  exports: [BalanceQueries],
})
export class AccountsModule {}

/** Boots `imports` (the module under test) with the event store and the accounts feature. */
export async function bootAccounts(
  projections: DynamicModule,
  eventStore: EventStoreModuleOptions = { driver: 'memory' },
  extra: Array<DynamicModule | Type | Promise<DynamicModule>> = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...extra,
      CqrsDddModule.forRoot({
        modules: [EventStoreModule.forRoot({ events: [Deposited], ...eventStore })],
      }),
      projections,
      AccountsModule,
    ],
  }).compile();
  return initOrClose(moduleRef);
}

/**
 * Initialises `moduleRef`; when that fails, closes what did start (connection pools), so a
 * refused configuration leaks nothing.
 */
export async function initOrClose(moduleRef: TestingModule): Promise<TestingModule> {
  try {
    await moduleRef.init();
  } catch (error) {
    await moduleRef.close().catch(() => undefined);
    throw error;
  }
  return moduleRef;
}

/** Appends deposits of `amounts` to `account` of `tenantId` in `store`. */
export function depositIn(
  store: EventStore,
  tenantId: string,
  account: string,
  ...amounts: number[]
): Promise<AppendResult> {
  const events = amounts.map((amount) => ({
    type: Deposited.type,
    version: 1,
    data: { amount },
    metadata: { tenantId },
  }));
  return store.append(account, events);
}

/** Appends deposits of `amounts` to `account` for `tenantId`; resolves the stream version. */
export async function deposit(
  moduleRef: TestingModule,
  tenantId: string,
  account: string,
  ...amounts: number[]
): Promise<number> {
  const result = await depositIn(moduleRef.get(EventStore), tenantId, account, ...amounts);
  return result.streamVersion;
}

/** The balance of `account` as `tenantId` reads it. */
export function balanceOf(
  moduleRef: TestingModule,
  tenantId: string,
  account: string,
): Promise<Balance | undefined> {
  const { balances } = moduleRef.get(BalanceQueries);
  return runInContext({ tenantId }, () => balances.get(account));
}
