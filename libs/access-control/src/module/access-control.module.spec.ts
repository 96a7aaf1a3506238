import { AuditSink, Clock, ForbiddenError, InMemoryAuditSink } from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { describe, expect, it } from '@jest/globals';
import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AccessDeniedListener } from '../denials/access-denied.listener.js';
import { AuthorizationStep } from '../enforcement/authorization.step.js';
import { AccessGuard } from '../guards/access.guard.js';
import { AccessScope } from '../push-down/access-scope.service.js';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import type { AccessRequest } from '../policies/access-policy.js';
import type { AccessControlModuleOptions } from './access-control-module.options.js';
import { ACCESS_CONTROL_OPTIONS } from './access-control.module-definition.js';
import { AccessControlModule } from './access-control.module.js';

const options: AccessControlModuleOptions = {
  rbac: { roles: { 'order:reader': ['order:read'] } },
};
const reader = { id: 'r1', tenantId: 'acme', roles: ['order:reader'], authMethod: 'jwt' };

@Injectable()
class SeenDenials extends AccessDeniedListener {
  readonly actions: string[] = [];
  onDenied(request: AccessRequest): void {
    this.actions.push(request.action);
  }
}

@Global()
@Module({
  providers: [{ provide: Clock, useValue: new FakeClock('2025-06-01T10:00:00Z') }],
  exports: [Clock],
})
class GlobalClockModule {}

describe('AccessControlModule', () => {
  it('wires the PEP, the app’s denial listeners and the app’s AuditSink', async () => {
    const sink = new InMemoryAuditSink();
    const moduleRef = await Test.createTestingModule({
      imports: [GlobalClockModule, AccessControlModule.forRoot(options)],
      providers: [SeenDenials, { provide: AuditSink, useValue: sink }],
    }).compile();
    const pep = moduleRef.get(PolicyEnforcementPoint);
    await expect(pep.enforce(reader, 'order:read')).resolves.toMatchObject({ allowed: true });
    await expect(pep.enforce(reader, 'order:confirm')).rejects.toBeInstanceOf(ForbiddenError);
    expect(moduleRef.get(SeenDenials).actions).toEqual(['order:confirm']);
    const { items } = await sink.query({ tenantId: 'acme' });
    expect(items).toEqual([
      expect.objectContaining({
        action: 'order:confirm',
        outcome: 'denied',
        reason: 'missing permission order:confirm',
        occurredAt: new Date('2025-06-01T10:00:00Z'),
        actor: { id: 'r1', authMethod: 'jwt' },
      }),
    ]);
    expect(moduleRef.get(ACCESS_CONTROL_OPTIONS)).toEqual(options);
    await moduleRef.close();
  });

  it('provides the enforcement layer: pipeline step, guard and push-down scope', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AccessControlModule.forRoot(options)],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(AuthorizationStep)).toBeInstanceOf(AuthorizationStep);
    expect(moduleRef.get(AccessGuard)).toBeInstanceOf(AccessGuard);
    expect(moduleRef.get(AccessScope)).toBeInstanceOf(AccessScope);
    await moduleRef.close();
  });

  it('takes options from forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AccessControlModule.forRootAsync({
          useFactory: async () => ({ rbac: { roles: { admin: ['*'] } } }),
        }),
      ],
    }).compile();
    const decision = await moduleRef
      .get(PolicyEnforcementPoint)
      .authorize({ id: 'a', roles: ['admin'], authMethod: 'jwt' }, 'invoice:delete');
    expect(decision.allowed).toBe(true);
    await moduleRef.close();
  });

  it('fails the start on invalid options', async () => {
    const error = await Test.createTestingModule({
      imports: [
        AccessControlModule.forRoot({
          rbac: { roles: { a: { inherits: ['b'] }, b: { inherits: ['a'] } } },
        }),
      ],
    })
      .compile()
      .catch((caught: unknown) => caught);
    expect(isAccessControlConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('role inheritance cycle a → b → a');
  });

  it('is global unless isGlobal is false', () => {
    expect(AccessControlModule.forRoot(options).global).toBe(true);
    expect(AccessControlModule.forRoot({ ...options, isGlobal: false }).global).toBe(false);
  });
});
