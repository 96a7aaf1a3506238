import { describe, expect, it } from '@jest/globals';
import { ClsServiceManager } from 'nestjs-cls';
import { SequentialIdGenerator } from '../adapters/memory/sequential-id-generator.adapter.js';
import { isMissingContextError } from '../errors/missing-context.error.js';
import {
  currentRequestContext,
  deriveMessageContext,
  runInContext,
  updateRequestContext,
} from './request-context-scope.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runInContext', () => {
  it('runs fn with exactly the given context, generating a missing correlation id', async () => {
    expect(currentRequestContext()).toBeUndefined();
    const inside = runInContext(
      { tenantId: 't' },
      () => currentRequestContext(),
      new SequentialIdGenerator(),
    );
    expect(inside).toEqual({
      tenantId: 't',
      correlationId: '00000000-0000-7000-8000-000000000001',
    });
    expect(runInContext({ correlationId: 'given' }, () => currentRequestContext())).toEqual({
      correlationId: 'given',
    });
    expect(currentRequestContext()).toBeUndefined();
  });

  it('returns what fn returns, sync or async, and keeps the context across awaits', async () => {
    const result = await runInContext({ correlationId: 'c' }, async () => {
      await tick();
      return currentRequestContext()?.correlationId;
    });
    expect(result).toBe('c');
  });

  it('keeps other nestjs-cls values of the enclosing scope visible, and its own changes inside', async () => {
    const cls = ClsServiceManager.getClsService();
    await cls.run(async () => {
      cls.set('unrelated', 42);
      const seen = runInContext({ correlationId: 'c' }, () => {
        cls.set('inner', true);
        return cls.get('unrelated');
      });
      expect(seen).toBe(42);
      expect(cls.get('inner')).toBeUndefined();
    });
  });

  it('isolates concurrent contexts', async () => {
    const work = (id: string) =>
      runInContext({ correlationId: id }, async () => {
        await tick();
        updateRequestContext({ tenantId: `tenant-of-${id}` });
        await tick();
        return currentRequestContext();
      });
    const [a, b] = await Promise.all([work('a'), work('b')]);
    expect(a).toEqual({ correlationId: 'a', tenantId: 'tenant-of-a' });
    expect(b).toEqual({ correlationId: 'b', tenantId: 'tenant-of-b' });
  });
});

describe('updateRequestContext', () => {
  it('changes the current scope only, never the parent', () => {
    runInContext({ correlationId: 'outer' }, () => {
      runInContext({ ...currentRequestContext() }, () => {
        updateRequestContext({ tenantId: 'inner-only' });
        expect(currentRequestContext()?.tenantId).toBe('inner-only');
      });
      expect(currentRequestContext()).toEqual({ correlationId: 'outer' });
    });
  });

  it('throws MissingContextError outside any context', () => {
    let error: unknown;
    try {
      updateRequestContext({ tenantId: 't' });
    } catch (e) {
      error = e;
    }
    expect(isMissingContextError(error)).toBe(true);
  });
});

describe('deriveMessageContext', () => {
  it('makes a root message its own correlation and gives nested ones the parent as cause', () => {
    expect(deriveMessageContext(undefined, 'm1')).toEqual({
      messageId: 'm1',
      correlationId: 'm1',
      causationId: undefined,
    });
    expect(
      deriveMessageContext({ correlationId: 'c', messageId: 'm1', tenantId: 't' }, 'm2'),
    ).toEqual({
      correlationId: 'c',
      messageId: 'm2',
      causationId: 'm1',
      tenantId: 't',
    });
  });
});
