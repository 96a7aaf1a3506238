import { type Principal, REDACTED, runInContext } from '@cqrs-ddd/core';
import { FakeClock, SequentialIdGenerator } from '@cqrs-ddd/core/testing';
import { describe, expect, it } from '@jest/globals';
import { MemoryAuditStore } from '../memory/memory-audit.store.js';
import { AuditRecorder } from './audit-recorder.js';
import { AuditRedactor } from './audit-redactor.js';

const now = new Date('2025-06-01T10:00:00Z');
const ann: Principal = { id: 'ann', tenantId: 'acme', roles: [], authMethod: 'jwt' };

function recorder() {
  const store = new MemoryAuditStore();
  const audit = new AuditRecorder(store, {
    redactor: new AuditRedactor(['iban', 'profile.phone']),
    ids: new SequentialIdGenerator(),
    clock: new FakeClock(now),
  });
  return { store, audit };
}

describe('AuditRecorder', () => {
  it('completes entries with id and time, and with tenant, actor, correlation id, client address and user agent from the context', async () => {
    const { store, audit } = recorder();
    await runInContext(
      {
        correlationId: 'corr-1',
        principal: ann,
        clientAddress: '203.0.113.7',
        userAgent: 'curl/8.5',
      },
      () => audit.record(audit.complete({ action: 'order:confirm', outcome: 'success' })),
    );
    expect((await store.query({ tenantId: 'acme' })).items).toEqual([
      {
        id: '00000000-0000-7000-8000-000000000001',
        occurredAt: now,
        tenantId: 'acme',
        actor: { id: 'ann', authMethod: 'jwt' },
        action: 'order:confirm',
        outcome: 'success',
        correlationId: 'corr-1',
        clientAddress: '203.0.113.7',
        userAgent: 'curl/8.5',
      },
    ]);
  });

  it('keeps what the entry states over the context, and redacts its details', async () => {
    const { store, audit } = recorder();
    const entry = {
      id: 'e-1',
      occurredAt: now,
      tenantId: 'globex',
      actor: { id: 'svc', authMethod: 'api-key' },
      action: 'payout:send',
      outcome: 'failed' as const,
      correlationId: 'own',
      details: { iban: 'FR76...', profile: { phone: '+33', city: 'Paris' }, accessToken: 'jwt' },
    };
    await runInContext({ correlationId: 'ctx', tenantId: 'acme', principal: ann }, () =>
      audit.record(entry),
    );
    expect((await store.query({ tenantId: 'globex' })).items).toEqual([
      {
        ...entry,
        details: {
          iban: REDACTED,
          profile: { phone: REDACTED, city: 'Paris' },
          accessToken: REDACTED,
        },
      },
    ]);
    expect((await store.query({ tenantId: 'acme' })).items).toEqual([]);
  });

  it('records platform entries outside any context, and delegates verify and purge', async () => {
    const { store, audit } = recorder();
    await audit.record(audit.complete({ action: 'tenant:create', outcome: 'success' }));
    expect((await audit.query({ tenantId: null })).items).toHaveLength(1);
    await expect(audit.verify(null)).resolves.toMatchObject({ valid: true, checked: 1 });
    await expect(audit.purgeBefore(new Date(now.getTime() + 1))).resolves.toBe(1);
    expect((await store.query({ tenantId: null })).items).toEqual([]);
  });
});
