import { AuditSink, runInContext } from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { isAuditConfigurationError } from '../chain/audit-configuration.error.js';
import { AuditStore } from '../chain/audit.store.js';
import { MemoryAuditStore } from '../memory/memory-audit.store.js';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { AuditService } from '../recording/audit.service.js';
import { AuditRetentionSweeper } from './audit-retention.sweeper.js';
import { AuditModule } from './audit.module.js';
import { AuditSettings } from './audit.settings.js';

class CustomStore extends MemoryAuditStore {}

describe('AuditModule', () => {
  it('provides the recorder as AuditSink and AuditStore, over a store class created with DI (forRootAsync)', async () => {
    const app = await Test.createTestingModule({
      imports: [AuditModule.forRootAsync({ useFactory: () => ({ store: CustomStore }) })],
    }).compile();
    const recorder = app.get(AuditRecorder);
    expect(app.get(AuditSink)).toBe(recorder);
    expect(app.get(AuditStore)).toBe(recorder);
    expect(recorder.store).toBeInstanceOf(CustomStore);
    await runInContext({ tenantId: 'acme' }, async () => {
      const id = await app.get(AuditService).record({ action: 'report:read', outcome: 'success' });
      expect((await app.get(AuditService).query()).items.map((e) => e.id)).toEqual([id]);
    });
    await app.close();
  });

  it("refuses 'postgres' without MikroORM, with a configuration error", async () => {
    const compiling = Test.createTestingModule({
      imports: [AuditModule.forRoot({ store: 'postgres' })],
    }).compile();
    const error = await compiling.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isAuditConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('MikroOrmModule');
  });
});

describe('AuditRetentionSweeper', () => {
  it('purges entries older than the retention, once at start and on demand, and stops on shutdown', async () => {
    const store = new MemoryAuditStore();
    const clock = new FakeClock('2025-06-10T00:00:00Z');
    const record = (id: string, at: string) =>
      store.record({ id, occurredAt: new Date(at), action: 'x:y', outcome: 'success' });
    await record('old', '2025-06-01T00:00:00Z');
    await record('recent', '2025-06-09T12:00:00Z');
    const settings = AuditSettings.from({ store, retention: { days: 7, sweepIntervalMs: 60_000 } });
    const sweeper = new AuditRetentionSweeper(settings, store, clock);
    sweeper.onApplicationBootstrap();
    await expect(sweeper.sweep()).resolves.toBe(1);
    expect((await store.query({ tenantId: null })).items.map((e) => e.id)).toEqual(['recent']);
    clock.advance(7 * 86_400_000);
    await expect(sweeper.sweep()).resolves.toBe(1);
    await sweeper.onApplicationShutdown();
    await expect(store.verify(null)).resolves.toMatchObject({ valid: true });
  });
});
