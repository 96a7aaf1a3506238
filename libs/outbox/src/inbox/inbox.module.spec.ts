import { describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  InMemoryUnitOfWork,
  TRANSACTIONAL_UNIT_OF_WORK,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { isOutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { InMemoryInboxStore } from './in-memory-inbox.store.js';
import { INBOX_SETTINGS, type InboxSettings } from './inbox-module.options.js';
import { InboxStore } from './inbox-store.port.js';
import { InboxInterceptor } from './inbox.interceptor.js';
import { InboxModule } from './inbox.module.js';

const transactional = new InMemoryUnitOfWork();

/** Stands for a persistence library providing its transactional unit of work. */
@Global()
@Module({
  providers: [{ provide: TRANSACTIONAL_UNIT_OF_WORK, useValue: transactional }],
  exports: [TRANSACTIONAL_UNIT_OF_WORK],
})
class PersistenceModule {}

async function boot(...imports: DynamicModule[]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** Whether `unitOfWork` is active inside a unit of the inbox. */
async function runsIn(moduleRef: TestingModule, unitOfWork: UnitOfWork): Promise<boolean> {
  const settings = moduleRef.get<InboxSettings>(INBOX_SETTINGS);
  return settings.unitOfWork.run(async () => unitOfWork.isActive());
}

describe('InboxModule', () => {
  it("provides the memory store, the interceptor and the settings' defaults", async () => {
    const moduleRef = await boot(InboxModule.forRoot({ store: 'memory' }));
    expect(moduleRef.get(InboxStore)).toBeInstanceOf(InMemoryInboxStore);
    expect(moduleRef.get(InboxInterceptor)).toBeInstanceOf(InboxInterceptor);
    expect(moduleRef.get<InboxSettings>(INBOX_SETTINGS)).toMatchObject({
      maxAttempts: 5,
      retry: { initialDelayMs: 100, maxDelayMs: 2_000 },
    });
    await moduleRef.close();
  });

  it("runs attempts in core's UnitOfWork, the pipeline's, when CqrsDddModule is there", async () => {
    const pipelineUnit = new InMemoryUnitOfWork();
    const moduleRef = await boot(
      CqrsDddModule.forRoot({ unitOfWork: pipelineUnit }),
      InboxModule.forRoot({ store: 'memory' }),
    );
    await expect(runsIn(moduleRef, pipelineUnit)).resolves.toBe(true);
    await moduleRef.close();
  });

  it('else in the TRANSACTIONAL_UNIT_OF_WORK provider (forRootAsync)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule,
        InboxModule.forRootAsync({
          useFactory: () => ({ store: 'memory' as const, maxAttempts: 2 }),
        }),
      ],
    }).compile();
    await expect(runsIn(moduleRef, transactional)).resolves.toBe(true);
    expect(moduleRef.get<InboxSettings>(INBOX_SETTINGS).maxAttempts).toBe(2);
    await moduleRef.close();
  });

  it("refuses the 'postgres' store without MikroORM, and invalid settings", async () => {
    const failures = await Promise.all(
      [
        InboxModule.forRoot({ store: 'postgres' }),
        InboxModule.forRoot({ store: 'memory', maxAttempts: 0 }),
        InboxModule.forRoot({ store: 'memory', retry: { initialDelayMs: -1 } }),
        InboxModule.forRoot({ store: 'redis' as 'memory' }),
      ].map((module) =>
        boot(module).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    expect(failures.map(isOutboxConfigurationError)).toEqual([true, true, true, true]);
    expect(failures[0]).toMatchObject({ message: expect.stringContaining('MikroOrmModule') });
  });
});
