import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  currentRequestContext,
  ForbiddenError,
  InMemoryUnitOfWork,
  type RequestContextState,
  runInContext,
  UnauthenticatedError,
} from '@cqrs-ddd/core';
import { type CallHandler, type ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { NatsContext, RmqContext } from '@nestjs/microservices';
import { defer, lastValueFrom } from 'rxjs';
import { isMissingMessageIdError } from '../errors/missing-message-id.error.js';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { InMemoryInboxStore } from './in-memory-inbox.store.js';
import { resolveInboxSettings } from './inbox-module.options.js';
import { Inbox } from './inbox.decorator.js';
import { InboxInterceptor } from './inbox.interceptor.js';

class OrderEvents {
  @Inbox()
  confirmed(): void {}

  @Inbox({ consumer: 'billing', maxAttempts: 2 })
  billed(): void {}
}

const headers = {
  [WIRE_HEADERS.messageId]: 'm-1',
  [WIRE_HEADERS.tenantId]: 'acme',
  [WIRE_HEADERS.correlationId]: 'corr-1',
  [WIRE_HEADERS.causationId]: 'cause-1',
};

describe('InboxInterceptor', () => {
  let store: InMemoryInboxStore;
  let unitOfWork: InMemoryUnitOfWork;
  let interceptor: InboxInterceptor;
  /** What the fake AMQP channel was told, and whether a unit of work was active then. */
  let settled: { action: string; unitActive: boolean }[];
  let logged: string[];

  beforeEach(() => {
    store = new InMemoryInboxStore();
    unitOfWork = new InMemoryUnitOfWork();
    const settings = resolveInboxSettings(
      { store: 'memory', maxAttempts: 3, retry: { initialDelayMs: 0, maxDelayMs: 0 } },
      store.enlist(unitOfWork),
    );
    interceptor = new InboxInterceptor(store, settings, new Reflector());
    settled = [];
    logged = [];
    for (const level of ['error', 'warn', 'debug'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => {
        logged.push(String(message));
      });
    }
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const channel = {
    ack: () => settle('ack'),
    nack: (_message: unknown, allUpTo: boolean, requeue: boolean) =>
      settle(`nack(${allUpTo}, ${requeue})`),
  };
  function settle(action: string) {
    settled.push({ action, unitActive: unitOfWork.isActive() });
  }

  function rmq(method: keyof OrderEvents, properties: Record<string, unknown>): ExecutionContext {
    const message = { content: Buffer.from('{}'), properties };
    const host = new ExecutionContextHost(
      [{}, new RmqContext([message, channel, 'order.confirmed'])],
      OrderEvents,
      OrderEvents.prototype[method],
    );
    host.setType('rpc');
    return host;
  }

  /** A handler that runs `body` each time it is called and reports the calls. */
  function handler(body: (call: number) => unknown = () => 'done') {
    const calls: { context?: RequestContextState; unitId?: number }[] = [];
    const next: CallHandler = {
      handle: () =>
        defer(async () => {
          calls.push({ context: currentRequestContext(), unitId: unitOfWork.currentUnitId() });
          return body(calls.length);
        }),
    };
    return { next, calls };
  }

  const run = (context: ExecutionContext, next: CallHandler) =>
    lastValueFrom(interceptor.intercept(context, next), { defaultValue: undefined });

  it('handles a new message in a unit, in the context of its headers, and acks after the commit', async () => {
    const { next, calls } = handler();
    await expect(run(rmq('confirmed', { headers }), next)).resolves.toBe('done');
    expect(calls).toEqual([
      {
        context: {
          tenantId: 'acme',
          correlationId: 'corr-1',
          causationId: 'cause-1',
          messageId: 'm-1',
        },
        unitId: 1,
      },
    ]);
    expect(settled).toEqual([{ action: 'ack', unitActive: false }]);
    expect(unitOfWork.committed).toBe(1);
    await expect(store.has('OrderEvents.confirmed', 'm-1')).resolves.toBe(true);
  });

  it('skips a duplicate without calling the handler, and acks it', async () => {
    await store.record('OrderEvents.confirmed', 'm-1');
    const { next, calls } = handler();
    await expect(run(rmq('confirmed', { headers }), next)).resolves.toBeUndefined();
    expect(calls).toHaveLength(0);
    expect(settled.map((s) => s.action)).toEqual(['ack']);
    expect(logged).toEqual(['OrderEvents.confirmed: duplicate m-1 skipped.']);
  });

  it('retries a failed attempt in a fresh unit, its inbox record rolled back, then acks', async () => {
    const { next, calls } = handler((call) => {
      if (call === 1) throw new Error('database hiccup');
      return 'second time';
    });
    await expect(run(rmq('confirmed', { headers }), next)).resolves.toBe('second time');
    expect(calls.map((c) => c.unitId)).toEqual([1, 2]);
    expect(settled.map((s) => s.action)).toEqual(['ack']);
    expect([unitOfWork.rolledBack, unitOfWork.committed]).toEqual([1, 1]);
    expect(logged).toEqual([expect.stringContaining('failed attempt 1: Error: database hiccup')]);
  });

  it("dead-letters after the handler's maxAttempts and rethrows the last error", async () => {
    const { next, calls } = handler((call) => {
      throw new Error(`poison ${call}`);
    });
    await expect(run(rmq('billed', { headers }), next)).rejects.toThrow('poison 2');
    expect(calls).toHaveLength(2);
    expect(settled.map((s) => s.action)).toEqual(['nack(false, false)']);
    await expect(store.has('billing', 'm-1')).resolves.toBe(false);
    expect(logged.at(-1)).toMatch(/billing: message m-1 \(rmq\) failed 2 time\(s\).*dead-lettered/);
  });

  it('dead-letters an authorization refusal at once: retrying cannot change it', async () => {
    for (const refusal of [
      new ForbiddenError('order:confirm', 'missing permission order:confirm'),
      new UnauthenticatedError(),
    ]) {
      settled = [];
      const { next, calls } = handler(() => {
        throw refusal;
      });
      await expect(run(rmq('confirmed', { headers }), next)).rejects.toBe(refusal);
      expect(calls).toHaveLength(1);
      expect(settled.map((s) => s.action)).toEqual(['nack(false, false)']);
    }
  });

  it('keeps the principal a guard authenticated from the message credentials', async () => {
    const principal = { id: 'svc-billing', tenantId: 'acme', roles: [], authMethod: 'api-key' };
    const { next, calls } = handler();
    await runInContext({ principal }, () => run(rmq('confirmed', { headers }), next));
    expect(calls[0]?.context).toMatchObject({ tenantId: 'acme', messageId: 'm-1', principal });
  });

  it('dead-letters a message without an id at once, without calling the handler', async () => {
    const { next, calls } = handler();
    const { [WIRE_HEADERS.messageId]: _id, ...withoutId } = headers;
    const error = await run(rmq('confirmed', { headers: withoutId }), next).catch((e) => e);
    expect(isMissingMessageIdError(error)).toBe(true);
    expect(calls).toHaveLength(0);
    expect(settled.map((s) => s.action)).toEqual(['nack(false, false)']);
    expect(logged).toEqual([expect.stringContaining('cannot be de-duplicated')]);
  });

  it('de-duplicates on the AMQP messageId property when the header is absent', async () => {
    const { next, calls } = handler();
    await run(rmq('confirmed', { messageId: 'amqp-1' }), next);
    await run(rmq('confirmed', { messageId: 'amqp-1' }), next);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.context).toMatchObject({
      messageId: 'amqp-1',
      correlationId: expect.any(String),
    });
    expect(settled.map((s) => s.action)).toEqual(['ack', 'ack']);
    expect(logged).toEqual(['OrderEvents.confirmed: duplicate amqp-1 skipped.']);
  });

  it('only logs when the ack fails (channel closed): no retry, no error', async () => {
    const { next, calls } = handler();
    jest.spyOn(channel, 'ack').mockImplementation(() => {
      throw new Error('Channel closed');
    });
    await expect(run(rmq('confirmed', { headers }), next)).resolves.toBe('done');
    expect(calls).toHaveLength(1);
    expect(logged).toEqual([
      expect.stringContaining('could not ack message m-1: Error: Channel closed'),
    ]);
  });

  it('reads NATS headers and rethrows after the attempts, the transport settling nothing', async () => {
    const natsHeaders = { get: (name: string) => (headers as Record<string, string>)[name] };
    const host = new ExecutionContextHost(
      [{}, new NatsContext(['orders', natsHeaders])],
      OrderEvents,
      OrderEvents.prototype.confirmed,
    );
    host.setType('rpc');
    const { next, calls } = handler(() => {
      throw new Error('down');
    });
    await expect(run(host, next)).rejects.toThrow('down');
    expect(calls).toHaveLength(3);
    expect(calls[0]!.context).toMatchObject({ tenantId: 'acme', messageId: 'm-1' });
    expect(logged.at(-1)).toMatch(/\(nats\) failed 3 time\(s\).*giving up/);
  });

  it('refuses to run outside a microservice handler, and invalid @Inbox() options', () => {
    const http = new ExecutionContextHost([{}, {}], OrderEvents, OrderEvents.prototype.confirmed);
    http.setType('http');
    expect(() => interceptor.intercept(http, handler().next)).toThrow(
      expect.objectContaining({ code: 'OUTBOX_CONFIGURATION' }),
    );
    for (const options of [{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { consumer: '' }]) {
      expect(() => Inbox(options)).toThrow(
        expect.objectContaining({ code: 'OUTBOX_CONFIGURATION' }),
      );
    }
  });
});
