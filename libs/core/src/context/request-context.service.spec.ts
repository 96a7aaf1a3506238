import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../domain/principal.js';
import { isMissingContextError, MissingContextError } from '../errors/missing-context.error.js';
import { RequestContext } from './request-context.service.js';
import { runInContext } from './request-context-scope.js';

const principal: Principal = {
  id: 'u-1',
  tenantId: 't-1',
  roles: ['order:writer'],
  authMethod: 'jwt',
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('RequestContext', () => {
  const context = new RequestContext();

  it('returns undefined outside a context and require* throws MISSING_CONTEXT naming the value', () => {
    expect(context.isActive).toBe(false);
    expect(context.state).toBeUndefined();
    expect(context.tenantId).toBeUndefined();
    const error = thrown(() => context.requireTenantId());
    expect(isMissingContextError(error)).toBe(true);
    expect((error as MissingContextError).code).toBe('MISSING_CONTEXT');
    expect((error as MissingContextError).key).toBe('tenantId');
    expect(isMissingContextError(thrown(() => context.setTenantId('t')))).toBe(true);
  });

  it('reads every value of the current context', () => {
    const state = {
      correlationId: 'c',
      causationId: 'cause',
      messageId: 'm',
      tenantId: 't-1',
      principal,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    runInContext(state, () => {
      expect(context.isActive).toBe(true);
      expect(context.state).toEqual(state);
      expect([context.correlationId, context.causationId, context.messageId]).toEqual([
        'c',
        'cause',
        'm',
      ]);
      expect(context.requireTenantId()).toBe('t-1');
      expect(context.requirePrincipal()).toBe(principal);
      expect(context.requireCorrelationId()).toBe('c');
      expect(context.requireActorId()).toBe('u-1');
      expect(context.traceparent).toBe(state.traceparent);
    });
  });

  it('throws for a missing value inside a context too', () => {
    runInContext({ correlationId: 'c' }, () => {
      expect((thrown(() => context.requirePrincipal()) as MissingContextError).key).toBe(
        'principal',
      );
      expect((thrown(() => context.requireActorId()) as MissingContextError).key).toBe('actorId');
    });
  });

  it('sets tenant and principal for the rest of the scope', () => {
    runInContext({ correlationId: 'c' }, () => {
      context.setTenantId('t-2');
      context.setPrincipal(principal);
      context.update({ traceparent: 'tp' });
      expect(context.state).toEqual({
        correlationId: 'c',
        tenantId: 't-2',
        principal,
        traceparent: 'tp',
      });
    });
  });

  it('falls back to a restored actor id when there is no principal', () => {
    runInContext({ correlationId: 'c', actorId: 'worker-on-behalf-of-u-9' }, () => {
      expect(context.actorId).toBe('worker-on-behalf-of-u-9');
    });
  });
});
