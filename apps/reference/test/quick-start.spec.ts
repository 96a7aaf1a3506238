// The README's quick start, kept compiling and passing: run with `npm test -- quick-start`.
import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CommandBus, CommandHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { IsInt, IsString, Min } from 'class-validator';
import {
  AggregateRoot, CqrsDddModule, DomainEvent, EventStore, EventTypeRegistry,
  InMemoryEventStore, ValidationError,
} from '@cqrs-ddd/core';

class Incremented extends DomainEvent {
  static readonly type = 'counter.incremented';
  constructor(readonly by: number) { super(); }
}

class Counter extends AggregateRoot<string> {
  value = 0;
  increment(by: number) { this.apply(new Incremented(by)); }
  protected override handles() { return [this.on(Incremented, (e) => { this.value += e.by; })]; }
}

class Increment { @IsString() id!: string; @IsInt() @Min(1) by!: number; }
class GetCount { constructor(readonly id: string) {} }

@Injectable()
class Counters {
  private readonly registry = new EventTypeRegistry([Incremented]);
  constructor(private readonly store: EventStore) {}
  async load(id: string): Promise<Counter> {
    const history = [];
    for await (const stored of this.store.readStream(id)) history.push(this.registry.rehydrate(stored));
    return new Counter(id).loadFromHistory(history);
  }
  async save(counter: Counter): Promise<void> {
    const events = counter.uncommittedEvents.map((e) => this.registry.serialize(e));
    await this.store.append(counter.id, events, { expectedVersion: counter.committedVersion });
    counter.markCommitted();
  }
}

@CommandHandler(Increment)
class IncrementHandler {
  constructor(private readonly counters: Counters) {}
  async execute({ id, by }: Increment): Promise<number> {
    const counter = await this.counters.load(id);
    counter.increment(by);
    await this.counters.save(counter);
    return counter.version;
  }
}

@QueryHandler(GetCount)
class GetCountHandler {
  constructor(private readonly counters: Counters) {}
  async execute({ id }: GetCount): Promise<number> { return (await this.counters.load(id)).value; }
}

@Module({
  imports: [CqrsDddModule.forRoot()],
  providers: [
    { provide: EventStore, useValue: new InMemoryEventStore() },
    Counters, IncrementHandler, GetCountHandler,
  ],
})
class AppModule {}

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
