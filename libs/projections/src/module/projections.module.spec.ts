import { describe, expect, it } from '@jest/globals';
import { runInContext } from '@cqrs-ddd/core';
import { Injectable, Module } from '@nestjs/common';
import { isProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import {
  balanceOf,
  BalanceProjection,
  BalanceQueries,
  bootAccounts,
  deposit,
} from './projections-module.fixture.js';
import type { ProjectionsModuleOptions } from './projections-module.options.js';
import type { ProjectionsOptionsFactory } from './projections.module-definition.js';
import { ProjectionsModule } from './projections.module.js';
import { ProjectionsService } from './projections.service.js';
import { InlineAccountsModule, InlineBalanceQueries } from './inline-projection.fixture.js';

@Injectable()
class MemoryOptions implements ProjectionsOptionsFactory {
  createProjectionsOptions(): ProjectionsModuleOptions {
    return { store: 'memory' };
  }
}
@Module({ providers: [MemoryOptions], exports: [MemoryOptions] })
class MemoryOptionsModule {}

describe('ProjectionsModule (memory)', () => {
  it('discovers the projection, feeds it from the log and reads it per tenant', async () => {
    const moduleRef = await bootAccounts(ProjectionsModule.forRoot({ store: 'memory' }));
    try {
      const version = await deposit(moduleRef, 'acme', 'a-1', 10, 5);
      await deposit(moduleRef, 'globex', 'a-1', 7);
      const { balances } = moduleRef.get(BalanceQueries);
      await expect(balances.waitFor({ streamId: 'a-1', version }, 5_000)).resolves.toBe(true);
      await expect(balanceOf(moduleRef, 'acme', 'a-1')).resolves.toEqual({
        id: 'a-1',
        balance: 15,
        deposits: 2,
      });
      const service = moduleRef.get(ProjectionsService);
      await expect(
        service.waitFor(BalanceProjection, { streamId: 'a-1', version: 1 }),
      ).resolves.toBe(true);
      await expect(balanceOf(moduleRef, 'globex', 'a-1')).resolves.toMatchObject({ balance: 7 });
      const [status] = await service.status();
      expect(status).toMatchObject({
        name: 'balances',
        version: 1,
        activeCollection: 'balances_g1',
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('rebuilds into a new generation and keeps serving the same documents', async () => {
    const moduleRef = await bootAccounts(
      ProjectionsModule.forRoot({ store: 'memory', dropDelayMs: 0, stateRefreshMs: 20 }),
    );
    try {
      const version = await deposit(moduleRef, 'acme', 'a-1', 1, 2, 3);
      const service = moduleRef.get(ProjectionsService);
      await service.waitFor('balances', { streamId: 'a-1', version });
      const started = await service.rebuild('balances');
      expect(started.buildingGeneration).toBe(2);
      const deadline = Date.now() + 5_000;
      while ((await service.runtime('balances').status()).state.activeGeneration !== 2) {
        if (Date.now() > deadline) throw new Error('the rebuild did not switch in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(service.runtime('balances').activeCollection()).toBe('balances_g2');
      await expect(balanceOf(moduleRef, 'acme', 'a-1')).resolves.toMatchObject({
        balance: 6,
        deposits: 3,
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('suspends and unsuspends a projection by name (its generations), durably', async () => {
    const moduleRef = await bootAccounts(ProjectionsModule.forRoot({ store: 'memory' }));
    try {
      const service = moduleRef.get(ProjectionsService);
      await expect(service.suspend('balances')).resolves.toEqual(['projection:balances:g1']);
      const version = await deposit(moduleRef, 'acme', 'a-1', 10);
      await expect(service.waitFor('balances', { streamId: 'a-1', version }, 200)).resolves.toBe(
        false,
      );
      const [status] = await service.status();
      expect(status.active).toMatchObject({ suspended: true });
      expect(status.active?.partitions[0].eventsBehind).toBeGreaterThan(0);
      const { suspensions } = service.targets.shared.infrastructure;
      expect(await suspensions.isSuspended('projection:balances:g1')).toBe(true);

      await expect(service.unsuspend(BalanceProjection)).resolves.toEqual([
        'projection:balances:g1',
      ]);
      await expect(service.waitFor('balances', { streamId: 'a-1', version })).resolves.toBe(true);
      expect((await service.status())[0].active?.suspended).toBe(false);
    } finally {
      await moduleRef.close();
    }
  });

  it('works with forRootAsync (useClass) and reads nothing without a tenant in context', async () => {
    const moduleRef = await bootAccounts(
      ProjectionsModule.forRootAsync({
        imports: [MemoryOptionsModule],
        useExisting: MemoryOptions,
      }),
    );
    try {
      const { balances } = moduleRef.get(BalanceQueries);
      await expect(balances.get('a-1')).rejects.toMatchObject({ code: 'MISSING_CONTEXT' });
      await expect(
        runInContext({ tenantId: 'acme' }, () => balances.get('a-1')),
      ).resolves.toBeUndefined();
    } finally {
      await moduleRef.close();
    }
  });

  it("refuses the 'postgres' store without the app's MikroORM, with a clear error", async () => {
    const error = await bootAccounts(ProjectionsModule.forRoot({ store: 'postgres' })).then(
      (moduleRef) => moduleRef.close().then(() => undefined),
      (reason: unknown) => reason,
    );
    expect(isProjectionsConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('MikroOrmModule.forRoot');
  });

  it('applies an inline projection during the append: readable at once, without waiting', async () => {
    const moduleRef = await bootAccounts(
      ProjectionsModule.forRoot({ store: 'memory' }),
      { driver: 'memory' },
      [InlineAccountsModule],
    );
    try {
      await deposit(moduleRef, 'acme', 'a-1', 4, 6);
      const { balances } = moduleRef.get(InlineBalanceQueries);
      await expect(runInContext({ tenantId: 'acme' }, () => balances.get('a-1'))).resolves.toEqual({
        id: 'a-1',
        balance: 10,
        deposits: 2,
      });
      // The processor then finds the events applied: nothing counted twice.
      const version = await deposit(moduleRef, 'acme', 'a-1', 1);
      await balances.waitFor({ streamId: 'a-1', version }, 5_000);
      await moduleRef.get(ProjectionsService).runtime('inline-balances').processors().pause();
      await expect(
        runInContext({ tenantId: 'acme' }, () => balances.get('a-1')),
      ).resolves.toMatchObject({
        balance: 11,
        deposits: 3,
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('parks a poison event and holds its stream behind it; a retry after a fix applies both in order', async () => {
    const moduleRef = await bootAccounts(ProjectionsModule.forRoot({ store: 'memory' }));
    BalanceProjection.refuseThirteen = true;
    try {
      await deposit(moduleRef, 'acme', 'a-1', 1, 13);
      await deposit(moduleRef, 'acme', 'a-1', 100);
      const version = await deposit(moduleRef, 'acme', 'a-2', 5);
      const service = moduleRef.get(ProjectionsService);
      // Other streams go on; a-1 stops before its poison event.
      await expect(service.waitFor('balances', { streamId: 'a-2', version })).resolves.toBe(true);
      await expect(balanceOf(moduleRef, 'acme', 'a-2')).resolves.toMatchObject({ balance: 5 });
      await expect(balanceOf(moduleRef, 'acme', 'a-1')).resolves.toMatchObject({ balance: 1 });
      const runtime = service.runtime(BalanceProjection);
      const [poison, held] = await runtime.processors().listParked();
      expect(poison).toMatchObject({ streamId: 'a-1', streamVersion: 2, attempts: 2 });
      expect(poison.error.message).toContain('13 is refused');
      expect(held).toMatchObject({ streamId: 'a-1', streamVersion: 3, attempts: 0 });
      expect(held.error.code).toBe('HELD_BEHIND_PARKED_EVENT');

      BalanceProjection.refuseThirteen = false;
      await runtime.processors().retryParked(poison.eventId);
      await expect(runtime.processors().listParked()).resolves.toEqual([]);
      await expect(balanceOf(moduleRef, 'acme', 'a-1')).resolves.toMatchObject({
        balance: 114,
        deposits: 3,
      });
      await expect(runtime.processors().skipParked(poison.eventId)).rejects.toMatchObject({
        code: 'PARKED_EVENT_NOT_FOUND',
      });
    } finally {
      BalanceProjection.refuseThirteen = false;
      await moduleRef.close();
    }
  });

  it('stops the processors on shutdown', async () => {
    const moduleRef = await bootAccounts(ProjectionsModule.forRoot({ store: 'memory' }));
    const service = moduleRef.get(ProjectionsService);
    const [before] = await service.status();
    expect(before.active?.partitions[0].state).not.toBe('idle');
    await moduleRef.close();
    const [after] = await service.status();
    expect(after.active).toBeUndefined();
  });
});
