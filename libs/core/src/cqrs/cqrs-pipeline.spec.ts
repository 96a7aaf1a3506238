import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, type Provider } from '@nestjs/common';
import {
  CommandBus,
  CommandHandler,
  CommandHandlerNotFoundException,
  QueryBus,
  QueryHandler,
  QueryHandlerNotFoundException,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { InMemoryUnitOfWork } from '../adapters/memory/in-memory-unit-of-work.adapter.js';
import { RequestContext } from '../context/request-context.service.js';
import { ConcurrencyError } from '../errors/concurrency.error.js';
import { DomainRuleViolation } from '../errors/domain-rule-violation.error.js';
import { CqrsDddModule } from '../module/cqrs-ddd.module.js';
import type { CqrsDddModuleOptions } from '../module/cqrs-ddd-module.options.js';
import { CqrsPipeline } from './cqrs-pipeline.service.js';
import type { PipelineContext } from './pipeline-context.js';
import type { PipelineNext } from './pipeline-step.js';
import { PipelineStep } from './pipeline-step.decorator.js';

/** What handlers and probe steps saw, in order. */
@Injectable()
class Recorder {
  readonly events: string[] = [];
  readonly seen: Record<string, unknown>[] = [];
  failuresLeft = 0;
}

class PlaceOrder {
  static readonly type = 'order.place';
  constructor(readonly customerId: string) {}
}

class Fail {}
class Unhandled {}
class GetOrder {
  constructor(readonly id: string) {}
}
class FlakyRead {}
class UnhandledQuery {}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(private readonly recorder: Recorder) {}
  async execute(command: PlaceOrder) {
    this.recorder.events.push('handler:place');
    return { orderId: `order-of-${command.customerId}` };
  }
}

@CommandHandler(Fail)
class FailHandler implements ICommandHandler<Fail> {
  async execute(): Promise<never> {
    throw new DomainRuleViolation('order.empty', 'Cannot confirm an empty order.');
  }
}

@QueryHandler(GetOrder)
class GetOrderHandler implements IQueryHandler<GetOrder> {
  constructor(
    private readonly recorder: Recorder,
    private readonly uow: InMemoryUnitOfWork,
    private readonly context: RequestContext,
  ) {}
  async execute(query: GetOrder) {
    this.recorder.events.push('handler:get');
    return { id: query.id, inUnit: this.uow.isActive(), messageId: this.context.messageId };
  }
}

@QueryHandler(FlakyRead)
class FlakyReadHandler implements IQueryHandler<FlakyRead> {
  constructor(private readonly recorder: Recorder) {}
  async execute(): Promise<never> {
    this.recorder.events.push('handler:flaky-read');
    throw new ConcurrencyError('view', 1, 2);
  }
}

/** Discovered class step in the audit slot. */

@PipelineStep({ name: 'probe-650', order: 650 })
class Probe650 {
  constructor(private readonly recorder: Recorder) {}
  async handle(context: PipelineContext, next: PipelineNext) {
    this.recorder.events.push(`enter:650:${context.kind}`);
    const result = await next();
    this.recorder.events.push(`exit:650:${context.kind}`);
    return result;
  }
}

const handlers: Provider[] = [PlaceOrderHandler, FailHandler, GetOrderHandler, FlakyReadHandler];

describe('CqrsPipeline on @nestjs/cqrs buses', () => {
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
      queryBus: moduleRef.get(QueryBus),
      recorder: moduleRef.get(Recorder),
      pipeline: moduleRef.get(CqrsPipeline),
      uow,
    };
  }

  /** A step recording entry (with whether ids are set yet) and exit in the Recorder. */
  function probe(order: number) {
    const recorder = () => moduleRef!.get(Recorder);
    return {
      name: `probe-${order}`,
      order,
      handle: async (context: PipelineContext, next: PipelineNext) => {
        recorder().events.push(`enter:${order}:${context.messageId ? 'ids' : 'no-ids'}`);
        const result = await next();
        recorder().events.push(`exit:${order}`);
        return result;
      },
    };
  }

  describe('order of steps', () => {
    it('runs built-in, option and discovered steps by order around the handler', async () => {
      const steps = [probe(50), probe(450), probe(900)];
      const app = await start({ pipeline: { logging: true, steps } }, [Probe650]);
      const recorder = app.recorder;

      expect(app.pipeline.describe().map((s) => `${s.order}:${s.name}`)).toEqual([
        '50:probe-50',
        '100:context',
        '150:telemetry',
        '200:logging',
        '450:probe-450',
        '500:validation',
        '600:idempotency',
        '650:probe-650',
        '700:retry',
        '800:unit-of-work',
        '900:probe-900',
      ]);

      await app.commandBus.execute(new PlaceOrder('c1'));
      expect(recorder.events).toEqual([
        'enter:50:no-ids',
        'enter:450:ids',
        'enter:650:command',
        'enter:900:ids',
        'handler:place',
        'exit:900',
        'exit:650:command',
        'exit:450',
        'exit:50',
      ]);
    });

    it('installs once: installing again replaces the pipeline instead of wrapping it', async () => {
      const app = await start({ pipeline: { steps: [probe(450)] } });
      const recorder = app.recorder;
      app.pipeline.install();
      app.pipeline.install();
      await app.commandBus.execute(new PlaceOrder('c1'));
      expect(recorder.events.filter((e) => e.startsWith('enter:450'))).toHaveLength(1);
    });

    it('restores the buses when the module is destroyed', async () => {
      const app = await start();
      expect(Object.hasOwn(app.commandBus, 'execute')).toBe(true);
      await moduleRef!.close();
      moduleRef = undefined;
      expect(Object.hasOwn(app.commandBus, 'execute')).toBe(false);
      expect(Object.hasOwn(app.queryBus, 'execute')).toBe(false);
    });

    it('rejects duplicate step names at start-up', async () => {
      const step = {
        name: 'validation',
        order: 10,
        handle: (_c: PipelineContext, n: PipelineNext) => n(),
      };
      await expect(start({ pipeline: { steps: [step] } })).rejects.toThrow(/named "validation"/);
    });
  });

  describe('errors', () => {
    it('propagates the handler error unchanged', async () => {
      const { commandBus } = await start();
      const error = await commandBus.execute(new Fail()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainRuleViolation);
      expect((error as DomainRuleViolation).rule).toBe('order.empty');
    });

    it('still surfaces handler look-up errors, as rejections', async () => {
      const { commandBus, queryBus } = await start();
      await expect(commandBus.execute(new Unhandled())).rejects.toBeInstanceOf(
        CommandHandlerNotFoundException,
      );
      await expect(queryBus.execute(new UnhandledQuery())).rejects.toBeInstanceOf(
        QueryHandlerNotFoundException,
      );
    });
  });

  describe('queries', () => {
    it('run through context and validation but outside units of work', async () => {
      const { queryBus } = await start();
      const result = await queryBus.execute(new GetOrder('o-1'));
      expect(result).toEqual({ id: 'o-1', inUnit: false, messageId: expect.any(String) });
    });

    it('are not retried', async () => {
      const { queryBus, recorder } = await start();
      await expect(queryBus.execute(new FlakyRead())).rejects.toBeInstanceOf(ConcurrencyError);
      expect(recorder.events).toEqual(['handler:flaky-read']);
    });

    it('pass discovered steps that apply to both kinds', async () => {
      const { queryBus, recorder } = await start({}, [Probe650]);
      await queryBus.execute(new GetOrder('o-1'));
      expect(recorder.events).toEqual(['enter:650:query', 'handler:get', 'exit:650:query']);
    });
  });
});
