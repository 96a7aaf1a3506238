import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '../domain/event-envelope.js';
import { contextFromEventMetadata } from './event-metadata-context.js';
import type { RequestContextState } from './request-context-state.js';
import { currentRequestContext, runInContext } from './request-context-scope.js';
import { WithRequestContext } from './with-request-context.decorator.js';

const MARK = 'test:mark';
const Mark = (): MethodDecorator => (target, key) =>
  Reflect.defineMetadata(MARK, 'kept', target, key);

class Worker {
  readonly prefix = 'job';

  @WithRequestContext()
  async nightly(): Promise<RequestContextState | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return currentRequestContext();
  }

  @WithRequestContext<[EventEnvelope]>({
    from: (event) => contextFromEventMetadata(event.metadata, event.eventId),
  })
  @Mark()
  onEvent(_event: EventEnvelope): RequestContextState | undefined {
    return currentRequestContext();
  }

  @WithRequestContext<[string]>({
    from(this: Worker, tenantId) {
      return { tenantId, correlationId: `${this.prefix}-${tenantId}` };
    },
  })
  forTenant(_tenantId: string): RequestContextState | undefined {
    return currentRequestContext();
  }
}

const envelope: EventEnvelope = {
  eventId: 'event-1',
  type: 'order.created',
  version: 1,
  streamId: 'order-1',
  streamVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: {},
  metadata: { tenantId: 't-1', correlationId: 'corr-1', actor: 'u-1' },
};

describe('@WithRequestContext()', () => {
  it('runs the method in a fresh context with a new correlation id when none exists', async () => {
    const worker = new Worker();
    const [a, b] = await Promise.all([worker.nightly(), worker.nightly()]);
    expect(a?.correlationId).toEqual(expect.any(String));
    expect(a?.correlationId).not.toBe(b?.correlationId);
    expect(currentRequestContext()).toBeUndefined();
  });

  it('inherits the caller context by default', async () => {
    const state = await runInContext({ correlationId: 'outer', tenantId: 't' }, () =>
      new Worker().nightly(),
    );
    expect(state).toEqual({ correlationId: 'outer', tenantId: 't' });
  });

  it('builds the context from the arguments (restoring event metadata) with the instance as this', () => {
    const worker = new Worker();
    expect(worker.onEvent(envelope)).toMatchObject({
      tenantId: 't-1',
      correlationId: 'corr-1',
      messageId: 'event-1',
      actorId: 'u-1',
    });
    expect(worker.forTenant('t-9')).toEqual({ tenantId: 't-9', correlationId: 'job-t-9' });
  });

  it('keeps the metadata of other method decorators and the method name', () => {
    expect(Reflect.getMetadata(MARK, Worker.prototype, 'onEvent')).toBe('kept');
    expect(Worker.prototype.onEvent.name).toBe('onEvent');
  });

  it('refuses non-method members', () => {
    const decorate = () =>
      WithRequestContext()(Worker.prototype, 'prefix', { value: 'not a function', writable: true });
    expect(decorate).toThrow(TypeError);
  });
});
