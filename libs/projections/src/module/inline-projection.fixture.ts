import { type ProjectionHandlerContext, type StoredEvent } from '@cqrs-ddd/core';
import { Injectable, Module } from '@nestjs/common';
import { On } from '../projection/on.decorator.js';
import { Projection } from '../projection/projection.decorator.js';
import type { ReadModelRepository } from '../read-model/read-model.repository.js';
import { addDeposit, type Balance, Deposited } from './projections-module.fixture.js';
import { ProjectionsModule } from './projections.module.js';
import { InjectReadModel } from './projections.tokens.js';

/** Balances applied inside each append's transaction; refuses negative deposits. */
@Projection({ name: 'inline-balances', version: 1, inline: true, idlePollMs: 200 })
export class InlineBalanceProjection {
  @On(Deposited)
  async deposited(
    event: StoredEvent<{ amount: number }>,
    context: ProjectionHandlerContext<Balance>,
  ) {
    if (event.data.amount < 0) throw new Error(`refused deposit of ${event.data.amount}`);
    await addDeposit(event, context);
  }
}

/** Reads the inline balances. */
@Injectable()
export class InlineBalanceQueries {
  constructor(
    @InjectReadModel(InlineBalanceProjection) readonly balances: ReadModelRepository<Balance>,
  ) {}
}

@Module({
  imports: [ProjectionsModule.forFeature([InlineBalanceProjection])],
  providers: [InlineBalanceQueries],
  exports: [InlineBalanceQueries],
})
export class InlineAccountsModule {}
