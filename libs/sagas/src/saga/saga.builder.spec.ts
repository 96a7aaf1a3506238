import { describe, expect, it } from '@jest/globals';
import { isValidationError, type StoredEvent, type ValidationError } from '@cqrs-ddd/core';
import { defineSaga } from './saga.builder.js';
import { sagaEventTypes } from './saga-definition.js';
import { beginCompensation, completeStep, failSaga, startSaga } from './saga-transitions.js';

class OrderPlaced {
  static readonly type = 'order.placed';
}
class StockReserved {
  static readonly type = 'stock.reserved';
}
class Command {
  constructor(
    readonly name: string,
    readonly orderId: string,
  ) {}
}

const now = new Date('2030-01-01T00:00:00Z');
const event = (
  type: string,
  streamId: string,
  data: Record<string, unknown> = {},
): StoredEvent => ({
  eventId: `e-${type}`,
  type,
  version: 1,
  streamId,
  streamVersion: 1,
  occurredAt: now.toISOString(),
  recordedAt: now.toISOString(),
  data,
  metadata: { tenantId: 't-1', correlationId: 'corr' },
  position: { transactionId: '1', globalPosition: '1' },
});

const saga = () =>
  defineSaga<{ orderId: string; reserved?: boolean }>('fulfilment')
    .startedBy(OrderPlaced, {
      correlate: (e) => e.streamId,
      init: (e) => ({ orderId: e.streamId }),
    })
    .step('reserve', {
      command: (s) => new Command('reserve', s.orderId),
      completedBy: StockReserved,
      failedBy: 'stock.unavailable',
      correlate: (e) => e.data.orderId as string,
      apply: (s) => ({ ...s, reserved: true }),
      compensate: (s) => new Command('release', s.orderId),
    })
    .step('pay', {
      command: (s) => new Command('pay', s.orderId),
      completedBy: ['payment.captured'],
      timeout: { afterMs: 60_000 },
    })
    .compensateStart((s) => new Command('cancel', s.orderId))
    .build();

function issuesOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(isValidationError(error)).toBe(true);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError');
}

describe('defineSaga', () => {
  it('builds a definition with the matchers resolved to stored types', () => {
    const definition = saga();
    expect(definition.name).toBe('fulfilment');
    expect(definition.start.types).toEqual(['order.placed']);
    expect(definition.steps.map((s) => [s.name, s.completedTypes, s.failedTypes])).toEqual([
      ['reserve', ['stock.reserved'], ['stock.unavailable']],
      ['pay', ['payment.captured'], []],
    ]);
    expect(sagaEventTypes(definition).sort()).toEqual([
      'order.placed',
      'payment.captured',
      'stock.reserved',
      'stock.unavailable',
    ]);
  });

  it('rejects an invalid definition with every problem listed', () => {
    expect(issuesOf(() => defineSaga('bad name!').build())).toEqual(['name', 'startedBy', 'steps']);
    expect(
      issuesOf(() =>
        defineSaga('s')
          .startedBy([], { correlate: (e) => e.streamId, init: () => ({}) })
          .step('a', { completedBy: 'x', failedBy: 'x', timeout: { afterMs: 0 } })
          .step('a', { completedBy: { type: '', name: 'Nameless' }, command: 'nope' as never })
          .build(),
      ),
    ).toEqual([
      'startedBy',
      'steps.0.failedBy',
      'steps.0.timeout.afterMs',
      'steps.1.name',
      'steps.1.completedBy',
      'steps.1.command',
    ]);
    expect(
      issuesOf(() =>
        defineSaga('s')
          .startedBy('a', { correlate: undefined as never, init: () => ({}) })
          .step('b', {} as never)
          .build(),
      ),
    ).toEqual(['startedBy.correlate', 'steps.0.completedBy']);
  });
});

describe('saga transitions', () => {
  it('starts at the first step with its command, in the tenant and correlation of the event', () => {
    const { instance, commands, scheduleTimeout } = startSaga(
      saga(),
      'o-1',
      event('order.placed', 'o-1'),
      now,
    );
    expect(instance).toMatchObject({
      sagaId: 'o-1',
      tenantId: 't-1',
      status: 'running',
      step: 'reserve',
      version: 1,
      correlationId: 'corr',
    });
    expect(commands).toEqual([
      { kind: 'step', step: 'reserve', command: new Command('reserve', 'o-1') },
    ]);
    expect(scheduleTimeout).toBeUndefined();
  });

  it('completes a step: applies the event, starts the next with its timeout, then completes', () => {
    const definition = saga();
    const started = startSaga(definition, 'o-1', event('order.placed', 'o-1'), now).instance;
    const second = completeStep(definition, started, event('stock.reserved', 's'), now);
    expect(second.instance).toMatchObject({
      step: 'pay',
      stepIndex: 1,
      state: { reserved: true },
      version: 2,
    });
    expect(second.commands.map((c) => c.command)).toEqual([new Command('pay', 'o-1')]);
    expect(second.scheduleTimeout).toEqual({ step: 'pay', afterMs: 60_000 });
    const done = completeStep(definition, second.instance, event('payment.captured', 'p'), now);
    expect(done).toMatchObject({
      instance: { status: 'completed', completedSteps: ['reserve', 'pay'] },
      commands: [],
      cancelTimeout: 'pay',
    });
  });

  it('compensates completed steps in reverse order, then the start; fails on a failed undo', () => {
    const definition = saga();
    const started = startSaga(definition, 'o-1', event('order.placed', 'o-1'), now).instance;
    const paying = completeStep(definition, started, event('stock.reserved', 's'), now).instance;
    const compensation = beginCompensation(definition, paying, 'declined', now);
    expect(compensation.instance).toMatchObject({ status: 'compensating', reason: 'declined' });
    expect(compensation.commands).toEqual([
      { kind: 'compensation', step: 'reserve', command: new Command('release', 'o-1') },
      { kind: 'compensation', command: new Command('cancel', 'o-1') },
    ]);
    expect(compensation).toMatchObject({ cancelTimeout: 'pay', cancelPendingSteps: true });
    const failed = failSaga(compensation.instance, 'release failed', now);
    expect(failed).toMatchObject({
      instance: { status: 'failed', reason: 'release failed' },
      cancelAllPending: true,
    });
  });

  it('is compensated at once when there is nothing to undo', () => {
    const definition = defineSaga('plain')
      .startedBy('a', { correlate: (e) => e.streamId, init: () => ({}) })
      .step('only', { completedBy: 'b' })
      .build();
    const started = startSaga(definition, 'x', event('a', 'x'), now);
    expect(started.commands).toEqual([]);
    expect(beginCompensation(definition, started.instance, 'why', now).instance.status).toBe(
      'compensated',
    );
  });
});
