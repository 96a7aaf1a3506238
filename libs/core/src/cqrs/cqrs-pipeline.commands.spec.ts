import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, type Provider } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsPositive, IsString, MinLength, ValidateNested } from 'class-validator';
import { InMemoryUnitOfWork } from '../adapters/memory/in-memory-unit-of-work.adapter.js';
import { RequestContext } from '../context/request-context.service.js';
import { ConcurrencyError } from '../errors/concurrency.error.js';
import { DomainRuleViolation } from '../errors/domain-rule-violation.error.js';
import { isIdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error.js';
import { isValidationError, type ValidationError } from '../errors/validation.error.js';
import { CqrsDddModule } from '../module/cqrs-ddd.module.js';
import type { CqrsDddModuleOptions } from '../module/cqrs-ddd-module.options.js';
import { withMessageMetadata } from './message-metadata.js';
import type { PipelineContext } from './pipeline-context.js';
import type { PipelineNext } from './pipeline-step.js';

/** What handlers and probe steps saw, in order. */
@Injectable()
class Recorder {
  readonly events: string[] = [];
  readonly seen: Record<string, unknown>[] = [];
  failuresLeft = 0;
}

class ItemLine {
  @IsString() @MinLength(1) sku!: string;
  @IsInt() @IsPositive() quantity!: number;
}

class PlaceOrder {
  static readonly type = 'order.place';
  constructor(
    readonly customerId: string,
    readonly items: ItemLine[] = [],
    readonly idempotencyKey?: string,
  ) {}
}

class PlaceValidatedOrder {
  @IsString() @MinLength(3) customerId: string;
  @ValidateNested({ each: true }) @Type(() => ItemLine) items: ItemLine[];
  constructor(customerId: string, items: ItemLine[]) {
    this.customerId = customerId;
    this.items = items;
  }
}

class ReserveStock {
  constructor(readonly sku: string) {}
}

class FlakyWrite {
  /** @param delegate when true, the handler only sends a leaf FlakyWrite (a nested command). */
  constructor(readonly delegate = false) {}
}

class Fail {}

function line(sku: string, quantity: number): ItemLine {
  return Object.assign(new ItemLine(), { sku, quantity });
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly recorder: Recorder,
    private readonly context: RequestContext,
    private readonly commandBus: CommandBus,
    private readonly uow: InMemoryUnitOfWork,
  ) {}
  async execute(command: PlaceOrder) {
    this.recorder.events.push('handler:place');
    this.recorder.seen.push({
      name: 'place',
      ...this.context.state,
      unit: this.uow.currentUnitId(),
    });
    for (const item of command.items) await this.commandBus.execute(new ReserveStock(item.sku));
    return { orderId: `order-of-${command.customerId}`, at: this.recorder.events.length };
  }
}

@CommandHandler(PlaceValidatedOrder)
class PlaceValidatedOrderHandler implements ICommandHandler<PlaceValidatedOrder> {
  constructor(private readonly recorder: Recorder) {}
  async execute() {
    this.recorder.events.push('handler:validated');
    return 'ok';
  }
}

@CommandHandler(ReserveStock)
class ReserveStockHandler implements ICommandHandler<ReserveStock> {
  constructor(
    private readonly recorder: Recorder,
    private readonly context: RequestContext,
    private readonly uow: InMemoryUnitOfWork,
  ) {}
  async execute(command: ReserveStock) {
    this.recorder.events.push(`handler:reserve:${command.sku}`);
    this.recorder.seen.push({
      name: 'reserve',
      ...this.context.state,
      unit: this.uow.currentUnitId(),
      depth: this.uow.depth(),
    });
  }
}

@CommandHandler(FlakyWrite)
class FlakyWriteHandler implements ICommandHandler<FlakyWrite> {
  constructor(
    private readonly recorder: Recorder,
    private readonly commandBus: CommandBus,
  ) {}
  async execute(command: FlakyWrite) {
    if (command.delegate) {
      this.recorder.events.push('handler:flaky-outer');
      return this.commandBus.execute(new FlakyWrite());
    }
    this.recorder.events.push('handler:flaky');
    if (this.recorder.failuresLeft > 0) {
      this.recorder.failuresLeft -= 1;
      throw new ConcurrencyError('stream-1', 1, 2);
    }
    return 'written';
  }
}

@CommandHandler(Fail)
class FailHandler implements ICommandHandler<Fail> {
  async execute(): Promise<never> {
    throw new DomainRuleViolation('order.empty', 'Cannot confirm an empty order.');
  }
}

const handlers: Provider[] = [
  PlaceOrderHandler,
  PlaceValidatedOrderHandler,
  ReserveStockHandler,
  FlakyWriteHandler,
  FailHandler,
];

describe('CqrsPipeline: commands through @nestjs/cqrs', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function start(options: CqrsDddModuleOptions = {}, extra: Provider[] = []) {
    const uow = new InMemoryUnitOfWork();
    moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({
          unitOfWork: uow,
          ...options,
          pipeline: { logging: false, retry: { baseDelayMs: 0 }, ...options.pipeline },
        }),
      ],
      providers: [Recorder, { provide: InMemoryUnitOfWork, useValue: uow }, ...handlers, ...extra],
    }).compile();
    await moduleRef.init();
    return {
      commandBus: moduleRef.get(CommandBus),
      recorder: moduleRef.get(Recorder),
      uow,
    };
  }

  describe('context and nested commands', () => {
    it('gives nested commands the outer correlation id and the outer message id as causation', async () => {
      const { commandBus, recorder } = await start();
      await commandBus.execute(new PlaceOrder('c1', [line('a', 1), line('b', 2)]));

      const [outer, first, second] = recorder.seen as Array<Record<string, unknown>>;
      expect(outer).toMatchObject({ name: 'place', causationId: undefined });
      expect(outer!.correlationId).toBe(outer!.messageId);
      for (const inner of [first!, second!]) {
        expect(inner.name).toBe('reserve');
        expect(inner.correlationId).toBe(outer!.correlationId);
        expect(inner.causationId).toBe(outer!.messageId);
        expect(inner.messageId).not.toBe(outer!.messageId);
      }
      expect(first!.messageId).not.toBe(second!.messageId);
    });

    it('runs nested commands inside the outer unit of work', async () => {
      const { commandBus, recorder, uow } = await start();
      await commandBus.execute(new PlaceOrder('c1', [line('a', 1)]));
      const [outer, inner] = recorder.seen as Array<Record<string, unknown>>;
      expect(inner).toMatchObject({ unit: outer!.unit, depth: 2 });
      expect(uow.committed).toBe(1);
    });
  });

  describe('retry', () => {
    it('retries ConcurrencyError up to maxAttempts with an observable attempt count', async () => {
      const attempts: number[] = [];
      const counter = {
        name: 'attempt-probe',
        order: 750,
        handle: (context: PipelineContext, next: PipelineNext) => {
          attempts.push(context.attempt);
          return next();
        },
      };
      const app = await start({ pipeline: { steps: [counter] } });
      const recorder = app.recorder;
      recorder.failuresLeft = 2;

      await expect(app.commandBus.execute(new FlakyWrite())).resolves.toBe('written');
      expect(attempts).toEqual([1, 2, 3]);
      expect(app.uow.rolledBack).toBe(2);
      expect(app.uow.committed).toBe(1);

      recorder.failuresLeft = 3;
      attempts.length = 0;
      await expect(app.commandBus.execute(new FlakyWrite())).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('does not retry inside a joined unit of work: the outer command is retried instead', async () => {
      const app = await start();
      app.recorder.failuresLeft = 2;
      await expect(app.commandBus.execute(new FlakyWrite(true))).resolves.toBe('written');
      // The inner command fails twice and is not retried itself; the outer one is retried.
      expect(app.recorder.events).toEqual([
        'handler:flaky-outer',
        'handler:flaky',
        'handler:flaky-outer',
        'handler:flaky',
        'handler:flaky-outer',
        'handler:flaky',
      ]);
      expect(app.uow.rolledBack).toBe(2);
    });

    it('does not retry other errors', async () => {
      const { commandBus, uow } = await start();
      await expect(commandBus.execute(new Fail())).rejects.toBeInstanceOf(DomainRuleViolation);
      expect(uow.rolledBack).toBe(1);
    });
  });

  describe('validation', () => {
    it('rejects an invalid command with every invalid field, nested paths included', async () => {
      const { commandBus, recorder } = await start();
      const command = new PlaceValidatedOrder('ab', [line('ok', 1), line('', -2)]);
      const error = (await commandBus.execute(command).catch((e: unknown) => e)) as ValidationError;
      expect(isValidationError(error)).toBe(true);
      expect(error.issues.map((i) => `${i.path}:${i.rule}`).sort()).toEqual([
        'customerId:minLength',
        'items.1.quantity:isPositive',
        'items.1.sku:minLength',
      ]);
      expect(recorder.events).not.toContain('handler:validated');
    });

    it('passes a valid command to its handler', async () => {
      const { commandBus } = await start();
      await expect(
        commandBus.execute(new PlaceValidatedOrder('abc', [line('a', 1)])),
      ).resolves.toBe('ok');
    });
  });

  describe('idempotency', () => {
    it('replays the stored result of a retried command without running the handler', async () => {
      const { commandBus, recorder } = await start();
      const first = await commandBus.execute(new PlaceOrder('c1', [], 'key-1'));
      const again = await commandBus.execute(new PlaceOrder('c1', [], 'key-1'));
      expect(again).toEqual(first);
      expect(recorder.events.filter((e) => e === 'handler:place')).toHaveLength(1);
    });

    it('runs concurrent duplicates once', async () => {
      const { commandBus, recorder } = await start();
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          commandBus.execute(withMessageMetadata(new PlaceOrder('c1'), { idempotencyKey: 'k' })),
        ),
      );
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(recorder.events.filter((e) => e === 'handler:place')).toHaveLength(1);
    });

    it('refuses the same key with a different payload', async () => {
      const { commandBus } = await start();
      await commandBus.execute(new PlaceOrder('c1', [], 'key-2'));
      const error = await commandBus.execute(new PlaceOrder('c2', [], 'key-2')).catch((e) => e);
      expect(isIdempotencyKeyReusedError(error)).toBe(true);
    });
  });
});
