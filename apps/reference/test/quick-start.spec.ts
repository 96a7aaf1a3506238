// The README's quick start, kept compiling and passing: run with `npm test -- quick-start`.
import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ValidationError } from '@cqrs-ddd/core';
// ---- README quick start (verbatim) ----
import { Module } from '@nestjs/common';
import { CommandHandler, QueryHandler } from '@nestjs/cqrs';
import { IsInt, IsString, Min } from 'class-validator';
import { AggregateRoot, CqrsDddModule, DomainEvent } from '@cqrs-ddd/core';
import { type AggregateRepository, EventStoreModule, InjectAggregateRepository } from '@cqrs-ddd/event-store';

class Incremented extends DomainEvent {
  static readonly type = 'counter.incremented'; // stored and routed by this, never by class name
  constructor(readonly by: number) { super(); }
}
class Counter extends AggregateRoot<string> {
  static readonly aggregateType = 'Counter';
  value = 0;
  increment(by: number) { this.apply(new Incremented(by)); }
  protected override handles() { return [this.on(Incremented, (e) => { this.value += e.by; })]; }
}
class Increment { @IsString() id!: string; @IsInt() @Min(1) by!: number; } // validated by the pipeline
class GetCount { constructor(readonly id: string) {} }

@CommandHandler(Increment)
class IncrementHandler {
  constructor(@InjectAggregateRepository(Counter) private readonly counters: AggregateRepository<Counter>) {}
  async execute({ id, by }: Increment): Promise<number> {
    const counter = (await this.counters.loadOrNull(id)) ?? new Counter(id);
    counter.increment(by);
    await this.counters.save(counter); // a concurrent writer → ConcurrencyError → the pipeline retries
    return counter.version;
  }
}
@QueryHandler(GetCount)
class GetCountHandler {
  constructor(@InjectAggregateRepository(Counter) private readonly counters: AggregateRepository<Counter>) {}
  async execute({ id }: GetCount): Promise<number> { return (await this.counters.load(id)).value; }
}

@Module({
  imports: [
    CqrsDddModule.forRoot(), // the pipeline on CommandBus/QueryBus; the event store's unit of work
    EventStoreModule.forRoot({ driver: 'memory', events: [Incremented] }), // or 'postgres' (MikroORM)
    EventStoreModule.forFeature([Counter]),
  ],
  providers: [IncrementHandler, GetCountHandler],
})
export class AppModule {}
// ---- end of the quick start ----

describe('README quick start', () => {
  it('runs commands and queries through the pipeline', async () => {
    const app = await Test.createTestingModule({ imports: [AppModule] }).compile();
    await app.init();
    const commands = app.get(CommandBus);
    const queries = app.get(QueryBus);
    const increment = (by: number) => Object.assign(new Increment(), { id: 'c-1', by });

    expect(await commands.execute(increment(2))).toBe(1);
    expect(await commands.execute(increment(3))).toBe(2);
    expect(await queries.execute(new GetCount('c-1'))).toBe(5);
    await expect(commands.execute(increment(0))).rejects.toBeInstanceOf(ValidationError);
    expect(await queries.execute(new GetCount('c-1'))).toBe(5);
    await app.close();
  });
});
