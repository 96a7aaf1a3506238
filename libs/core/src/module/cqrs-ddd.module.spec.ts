import { describe, expect, it } from '@jest/globals';
import { Global, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { InMemoryUnitOfWork } from '../adapters/memory/in-memory-unit-of-work.adapter.js';
import { SequentialIdGenerator } from '../adapters/memory/sequential-id-generator.adapter.js';
import { UuidV7IdGenerator } from '../adapters/uuid-v7-id-generator.adapter.js';
import { RequestContext } from '../context/request-context.service.js';
import { CqrsPipeline } from '../cqrs/cqrs-pipeline.service.js';
import type { PipelineContext } from '../cqrs/pipeline-context.js';
import type { PipelineNext, PipelineStepDefinition } from '../cqrs/pipeline-step.js';
import { PipelineStep } from '../cqrs/pipeline-step.decorator.js';
import { IdGenerator } from '../ports/id-generator.port.js';
import { IdempotencyStore } from '../ports/idempotency-store.port.js';
import { TRANSACTIONAL_UNIT_OF_WORK, UnitOfWork } from '../ports/unit-of-work.port.js';
import type { CqrsDddModuleOptions } from './cqrs-ddd-module.options.js';
import { CqrsDddModule } from './cqrs-ddd.module.js';
import {
  CQRS_DDD_MODULE_OPTIONS,
  type CqrsDddOptionsFactory,
} from './cqrs-ddd.module-definition.js';

class Ping {
  constructor(readonly text: string) {}
}

@CommandHandler(Ping)
class PingHandler implements ICommandHandler<Ping> {
  constructor(private readonly context: RequestContext) {}
  async execute(command: Ping) {
    return { pong: command.text, messageId: this.context.messageId };
  }
}

/** Records every message the pipeline sees; a fresh array per test. */
function tracer(seen: string[]): PipelineStepDefinition {
  return {
    name: 'tracer',
    order: 450,
    handle: (context: PipelineContext, next: PipelineNext) => {
      seen.push(`${context.kind}:${context.messageType}:${context.messageId}`);
      return next();
    },
  };
}

function options(seen: string[]): CqrsDddModuleOptions {
  return {
    idGenerator: new SequentialIdGenerator(),
    pipeline: { logging: false, steps: [tracer(seen)] },
    context: { http: false },
  };
}

@Injectable()
class ConfigService {
  readonly seen: string[] = [];
}
@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

@Injectable()
class OptionsFactory implements CqrsDddOptionsFactory {
  readonly seen: string[] = [];
  createCqrsDddOptions(): CqrsDddModuleOptions {
    return options(this.seen);
  }
}
@Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
class OptionsModule {}

async function boot(root: DynamicModule) {
  const moduleRef = await Test.createTestingModule({
    imports: [root],
    providers: [PingHandler],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function expectPipelined(root: DynamicModule, seen: () => string[]) {
  const moduleRef = await boot(root);
  try {
    const result = await moduleRef.get(CommandBus).execute(new Ping('hi'));
    const firstId = '00000000-0000-7000-8000-000000000001';
    expect(result).toEqual({ pong: 'hi', messageId: firstId });
    expect(seen()).toEqual([`command:Ping:${firstId}`]);
  } finally {
    await moduleRef.close();
  }
}

describe('CqrsDddModule', () => {
  it('forRoot: wires the pipeline on the CommandBus with the given options', async () => {
    const seen: string[] = [];
    await expectPipelined(CqrsDddModule.forRoot(options(seen)), () => seen);
  });

  it('forRoot() without options: full pipeline on the in-memory defaults', async () => {
    const moduleRef = await boot(CqrsDddModule.forRoot());
    try {
      const result = await moduleRef.get(CommandBus).execute(new Ping('bare'));
      expect(result).toEqual({
        pong: 'bare',
        messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/),
      });
      expect(moduleRef.get(IdGenerator)).toBeInstanceOf(UuidV7IdGenerator);
    } finally {
      await moduleRef.close();
    }
  });

  it('forRootAsync with useFactory, inject and imports', async () => {
    let service: ConfigService | undefined;
    await expectPipelined(
      CqrsDddModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => {
          service = config;
          return options(config.seen);
        },
      }),
      () => service!.seen,
    );
  });

  it('forRootAsync with useClass', async () => {
    const moduleRef = await boot(CqrsDddModule.forRootAsync({ useClass: OptionsFactory }));
    try {
      await moduleRef.get(CommandBus).execute(new Ping('hi'));
      expect(moduleRef.get(OptionsFactory).seen).toEqual([
        'command:Ping:00000000-0000-7000-8000-000000000001',
      ]);
    } finally {
      await moduleRef.close();
    }
  });

  it('forRootAsync with useExisting', async () => {
    const moduleRef = await boot(
      CqrsDddModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
    );
    try {
      await moduleRef.get(CommandBus).execute(new Ping('hi'));
      expect(moduleRef.get(OptionsFactory).seen).toEqual([
        'command:Ping:00000000-0000-7000-8000-000000000001',
      ]);
    } finally {
      await moduleRef.close();
    }
  });

  it('uses the TRANSACTIONAL_UNIT_OF_WORK a global persistence module provides, unless overridden', async () => {
    const transactional = new InMemoryUnitOfWork();
    @Global()
    @Module({
      providers: [{ provide: TRANSACTIONAL_UNIT_OF_WORK, useValue: transactional }],
      exports: [TRANSACTIONAL_UNIT_OF_WORK],
    })
    class PersistenceModule {}

    const wired = await boot(CqrsDddModule.forRoot({ modules: [PersistenceModule] }));
    expect(wired.get(UnitOfWork)).toBe(transactional);
    await wired.close();

    const explicit = new InMemoryUnitOfWork();
    const overridden = await boot(
      CqrsDddModule.forRoot({ unitOfWork: explicit, modules: [PersistenceModule] }),
    );
    expect(overridden.get(UnitOfWork)).toBe(explicit);
    await overridden.close();
  });

  it('provides the options token, in-memory port defaults and given adapters, globally', async () => {
    const ids = new SequentialIdGenerator(100);
    @Injectable()
    class Consumer {
      constructor(
        readonly context: RequestContext,
        readonly uow: UnitOfWork,
        readonly store: IdempotencyStore,
        readonly idGenerator: IdGenerator,
      ) {}
    }
    @Module({ providers: [Consumer], exports: [Consumer] })
    class FeatureModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ idGenerator: ids, context: { http: false } }),
        FeatureModule,
      ],
    }).compile();
    await moduleRef.init();
    try {
      const consumer = moduleRef.get(Consumer);
      expect(consumer.idGenerator).toBe(ids);
      expect(consumer.uow.constructor.name).toBe('InMemoryUnitOfWork');
      expect(consumer.store.constructor.name).toBe('InMemoryIdempotencyStore');
      expect(moduleRef.get(CQRS_DDD_MODULE_OPTIONS)).toMatchObject({ idGenerator: ids });
      expect(
        moduleRef
          .get(CqrsPipeline)
          .describe()
          .map((s) => s.name),
      ).toEqual([
        'context',
        'telemetry',
        'logging',
        'validation',
        'idempotency',
        'retry',
        'unit-of-work',
      ]);
    } finally {
      await moduleRef.close();
    }
  });

  it('wires the modules given in `modules`: re-exported, their @PipelineStep providers discovered', async () => {
    const seen: string[] = [];
    @PipelineStep({ name: 'plugged', order: 300, appliesTo: 'command' })
    class PluggedStep {
      async handle(context: PipelineContext, next: PipelineNext) {
        seen.push(`plugged:${context.messageType}`);
        return next();
      }
    }
    @Injectable()
    class PluggedService {}
    @Module({ providers: [PluggedStep, PluggedService], exports: [PluggedService] })
    class PluginModule {
      static forRoot(): DynamicModule {
        return { module: PluginModule };
      }
    }

    const moduleRef = await boot(
      CqrsDddModule.forRoot({ ...options([]), modules: [PluginModule.forRoot()] }),
    );
    try {
      await moduleRef.get(CommandBus).execute(new Ping('hi'));
      expect(seen).toEqual(['plugged:Ping']);
      expect(moduleRef.get(PluggedService)).toBeInstanceOf(PluggedService);
      expect(
        moduleRef
          .get(CqrsPipeline)
          .describe()
          .map((s) => s.name),
      ).toContain('plugged');
    } finally {
      await moduleRef.close();
    }
  });

  it('turns built-in steps off', async () => {
    const moduleRef = await boot(
      CqrsDddModule.forRoot({
        context: { http: false },
        pipeline: {
          logging: false,
          validation: false,
          idempotency: false,
          retry: false,
          unitOfWork: false,
        },
      }),
    );
    try {
      expect(
        moduleRef
          .get(CqrsPipeline)
          .describe()
          .map((s) => s.name),
      ).toEqual(['context', 'telemetry']);
      await expect(moduleRef.get(CommandBus).execute(new Ping('x'))).resolves.toMatchObject({
        pong: 'x',
      });
    } finally {
      await moduleRef.close();
    }
  });
});
