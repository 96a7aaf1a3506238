import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '../../ports/audit-sink.port.js';
import { describeAuditSinkContract } from '../../testing/contracts/audit-sink.contract.js';
import { InMemoryAuditSink } from './in-memory-audit-sink.adapter.js';

describeAuditSinkContract('InMemoryAuditSink', () => ({ adapter: new InMemoryAuditSink() }));

describe('InMemoryAuditSink', () => {
  const entry: AuditEntry = {
    id: 'a-1',
    occurredAt: new Date('2026-03-01T00:00:00.000Z'),
    tenantId: 't',
    actor: { id: 'u', authMethod: 'jwt' },
    action: 'order:create',
    outcome: 'success',
  };

  it('returns frozen entries whose changes cannot reach the trail', async () => {
    const sink = new InMemoryAuditSink();
    await sink.record(entry);
    const [read] = (await sink.query({ tenantId: 't' })).items;
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read!.actor)).toBe(true);
    expect(() => Object.assign(read!, { action: 'x' })).toThrow(TypeError);
    read!.occurredAt.setTime(0);
    const [again] = (await sink.query({ tenantId: 't' })).items;
    expect(again!.occurredAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('exposes no update or delete API', () => {
    const api = Object.getOwnPropertyNames(InMemoryAuditSink.prototype);
    expect(api.filter((name) => name !== 'constructor').sort()).toEqual([
      'insertionIndex',
      'query',
      'record',
    ]);
  });

  it('refuses a cursor that decodes to the wrong shape', async () => {
    const sink = new InMemoryAuditSink();
    const forged = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
    await expect(sink.query({ tenantId: 't', cursor: forged })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
