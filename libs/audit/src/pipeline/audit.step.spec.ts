import {
  type AuditEntry,
  ConcurrencyError,
  ForbiddenError,
  type PipelineContext,
  type PipelineNext,
  runInContext,
} from '@cqrs-ddd/core';
import { FakeClock, SequentialIdGenerator } from '@cqrs-ddd/core/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MemoryAuditStore } from '../memory/memory-audit.store.js';
import type { AuditModuleOptions } from '../module/audit-module.options.js';
import { AuditSettings } from '../module/audit.settings.js';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { AuditRedactor } from '../recording/audit-redactor.js';
import { AuditCommitStep } from './audit-commit.step.js';
import { AuditSuccessRecords } from './audit-success.records.js';
import { AuditStep } from './audit.step.js';
import { Audited } from './audited.decorator.js';
import { PipelineAuditEntries } from './pipeline-audit.entries.js';

class RenameCustomer {
  static readonly type = 'customer.rename';
  constructor(
    readonly customerId: string,
    readonly name: string,
  ) {}
}

class GetCustomer {
  constructor(readonly customerId: string) {}
}

@Audited({
  action: 'customer:export',
  resource: { type: 'Customer', id: (query: ExportCustomer) => query.customerId },
  payload: false,
})
class ExportCustomer {
  constructor(readonly customerId: string) {}
}

/** A store whose writes can be made to fail. */
class FlakyStore extends MemoryAuditStore {
  failing = false;
  override async record(entry: AuditEntry): Promise<void> {
    if (this.failing) throw new Error('audit store down');
    return super.record(entry);
  }
}

function pipeline(options: Partial<AuditModuleOptions> = {}) {
  const store = new FlakyStore();
  const recorder = new AuditRecorder(store, {
    redactor: new AuditRedactor(),
    ids: new SequentialIdGenerator(),
    clock: new FakeClock('2025-06-01T10:00:00Z'),
  });
  const settings = AuditSettings.from({ store, ...options });
  const entries = new PipelineAuditEntries(settings, recorder);
  const successes = new AuditSuccessRecords();
  const outer = new AuditStep(entries, recorder, successes);
  const commit = new AuditCommitStep(entries, recorder, successes);
  const run = (message: object, handler: PipelineNext, metadata: Record<string, unknown> = {}) => {
    const context: PipelineContext = {
      kind: message instanceof RenameCustomer ? 'command' : 'query',
      message,
      messageType: (message.constructor as { type?: string }).type ?? message.constructor.name,
      messageId: 'm-1',
      correlationId: 'c-1',
      causationId: undefined,
      attempt: 1,
      metadata,
    };
    const inner = () => (context.kind === 'command' ? commit.handle(context, handler) : handler());
    return runInContext({ tenantId: 'acme' }, () => outer.handle(context, inner));
  };
  const trail = async () => (await store.query({ tenantId: 'acme' })).items;
  return { store, run, trail };
}

describe('AuditStep and AuditCommitStep', () => {
  it("records a command's success once, with its payload as details and the access-control target", async () => {
    const { run, trail } = pipeline();
    await expect(
      run(new RenameCustomer('c-7', 'Ann'), async () => 'renamed', {
        auditTarget: { action: 'customer:rename', resource: { type: 'Customer', id: 'c-7' } },
        auditRecorded: true,
      }),
    ).resolves.toBe('renamed');
    expect(await trail()).toEqual([
      expect.objectContaining({
        action: 'customer:rename',
        resource: { type: 'Customer', id: 'c-7' },
        outcome: 'success',
        correlationId: 'c-1',
        details: { customerId: 'c-7', name: 'Ann' },
      }),
    ]);
  });

  it('records failures as failed with their code and denials as denied, and rethrows them', async () => {
    const { run, trail } = pipeline();
    const conflict = new ConcurrencyError('customer-c-7', 3, 4);
    await expect(
      run(new RenameCustomer('c-7', 'Ann'), () => Promise.reject(conflict)),
    ).rejects.toBe(conflict);
    const refused = new ForbiddenError('customer:rename', 'customer is archived');
    await expect(run(new RenameCustomer('c-7', 'Bo'), () => Promise.reject(refused))).rejects.toBe(
      refused,
    );
    await expect(
      run(new RenameCustomer('c-7', 'Cy'), () => Promise.reject(new TypeError('x is undefined'))),
    ).rejects.toThrow(TypeError);
    expect(
      (await trail()).map(({ action, outcome, errorCode, reason }) => ({
        action,
        outcome,
        errorCode,
        reason,
      })),
    ).toEqual([
      {
        action: 'customer.rename',
        outcome: 'failed',
        errorCode: 'INTERNAL_ERROR',
        reason: 'TypeError',
      },
      {
        action: 'customer.rename',
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
        reason: 'customer is archived',
      },
      {
        action: 'customer.rename',
        outcome: 'failed',
        errorCode: 'CONCURRENCY_CONFLICT',
        reason: conflict.message,
      },
    ]);
  });

  it('records queries only when @Audited, unless queries is all', async () => {
    const sensitive = pipeline();
    await sensitive.run(new GetCustomer('c-7'), async () => ({ name: 'Ann' }));
    await sensitive.run(new ExportCustomer('c-7'), async () => 'csv');
    expect(await sensitive.trail()).toEqual([
      expect.objectContaining({
        action: 'customer:export',
        resource: { type: 'Customer', id: 'c-7' },
        outcome: 'success',
      }),
    ]);
    expect((await sensitive.trail())[0]).not.toHaveProperty('details');

    const all = pipeline({ queries: 'all' });
    await all.run(new GetCustomer('c-7'), async () => ({ name: 'Ann' }));
    expect(await all.trail()).toEqual([
      expect.objectContaining({ action: 'GetCustomer', details: { customerId: 'c-7' } }),
    ]);
  });

  it('never masks the outcome with an audit failure on the failure path, and fails a success it cannot record', async () => {
    const { store, run, trail } = pipeline();
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    store.failing = true;
    const original = new ForbiddenError('customer:rename', 'no');
    await expect(
      run(new RenameCustomer('c-7', 'Ann'), () => Promise.reject(original)),
    ).rejects.toBe(original);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('audit store down'));
    const handler = jest.fn(async () => 'renamed');
    await expect(run(new RenameCustomer('c-7', 'Ann'), handler)).rejects.toThrow(
      'audit store down',
    );
    expect(handler).toHaveBeenCalledTimes(1);
    logged.mockRestore();
    store.failing = false;
    expect(await trail()).toEqual([]);
  });
});
