import { InMemoryAuditSink, type IdGenerator, runInContext } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import type { AccessRequest } from '../policies/access-policy.js';
import { AuditAccessDeniedListener } from './audit-access-denied.listener.js';

const now = new Date('2025-06-01T10:00:00Z');
const ids: IdGenerator = { newId: () => 'audit-1' };
const request: AccessRequest = {
  principal: { id: 'alice', tenantId: 'acme', roles: ['order:reader'], authMethod: 'jwt' },
  action: 'order:confirm',
  resource: { type: 'Order', id: 'o1', attributes: { total: 5000 } },
  environment: { now, correlationId: 'corr-1' },
};
const decision = { allowed: false, reason: 'missing permission order:confirm' };

async function entries(sink: InMemoryAuditSink, tenantId: string | null) {
  return (await sink.query({ tenantId })).items;
}

describe('AuditAccessDeniedListener', () => {
  it("records a 'denied' AuditEntry with action, resource, reason, actor, tenant and correlation id", async () => {
    const sink = new InMemoryAuditSink();
    await new AuditAccessDeniedListener(sink, ids).onDenied(request, decision);
    expect(await entries(sink, 'acme')).toEqual([
      {
        id: 'audit-1',
        occurredAt: now,
        tenantId: 'acme',
        actor: { id: 'alice', authMethod: 'jwt' },
        action: 'order:confirm',
        resource: { type: 'Order', id: 'o1' },
        outcome: 'denied',
        reason: 'missing permission order:confirm',
        correlationId: 'corr-1',
      },
    ]);
  });

  it('records an anonymous denial with the tenant and correlation id of the request context', async () => {
    const sink = new InMemoryAuditSink();
    const anonymous: AccessRequest = {
      action: 'order:read',
      resource: { type: 'Order' },
      environment: { now },
    };
    await runInContext({ correlationId: 'c', tenantId: 'globex' }, () =>
      new AuditAccessDeniedListener(sink, ids).onDenied(anonymous, {
        allowed: false,
        reason: 'unauthenticated',
      }),
    );
    const [entry] = await entries(sink, 'globex');
    expect(entry).toMatchObject({
      action: 'order:read',
      outcome: 'denied',
      reason: 'unauthenticated',
      correlationId: 'c',
    });
    expect(entry).not.toHaveProperty('actor');
    expect(entry).not.toHaveProperty('resource');
  });

  it('generates UUIDv7 ids by default', async () => {
    const sink = new InMemoryAuditSink();
    await new AuditAccessDeniedListener(sink).onDenied(request, decision);
    const [entry] = await entries(sink, 'acme');
    expect(entry!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('does nothing without an AuditSink', async () => {
    await expect(
      new AuditAccessDeniedListener().onDenied(request, decision),
    ).resolves.toBeUndefined();
  });
});
