import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import { currentRequestContext, runInContext } from '../../context/request-context-scope.js';
import { ForbiddenError } from '../../errors/forbidden.error.js';
import { installInMemoryTracing, type InMemoryTracing } from '../../testing/in-memory-tracing.js';
import { addTelemetryObserver } from '../../telemetry/instrument.js';
import type { InstrumentationResult } from '../../telemetry/instrumented-operation.js';
import { formatTraceparent } from '../../telemetry/traceparent.js';
import type { PipelineContext } from '../pipeline-context.js';
import { TelemetryStep, telemetryErrorCode } from './telemetry.step.js';

const HTTP_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function pipelineContext(kind: 'command' | 'query', messageType: string): PipelineContext {
  return {
    kind,
    message: {},
    messageType,
    messageId: 'm',
    correlationId: 'c',
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

describe('telemetryErrorCode', () => {
  it.each([
    [new ForbiddenError('order:confirm', 'no'), 'FORBIDDEN'],
    [Object.assign(new Error('x'), { code: 'ORDER_ALREADY_CONFIRMED' }), 'ORDER_ALREADY_CONFIRMED'],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [Object.assign(new Error('x'), { code: '23505' }), 'UNKNOWN'],
    [Object.assign(new Error('x'), { code: 'not stable' }), 'UNKNOWN'],
    [Object.assign(new Error('x'), { code: 42 }), 'UNKNOWN'],
    [new Error('plain'), 'UNKNOWN'],
    ['a string', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('%p → %s', (error, code) => {
    expect(telemetryErrorCode(error)).toBe(code);
  });
});

describe('TelemetryStep', () => {
  const step = new TelemetryStep();

  it('calls next directly while telemetry is off', async () => {
    const result = runInContext({}, () => {
      const outer = currentRequestContext();
      return step.handle(
        pipelineContext('query', 'Q'),
        async () => currentRequestContext() === outer,
      );
    });
    await expect(result).resolves.toBe(true);
  });

  describe('with tracing on', () => {
    let tracing: InMemoryTracing;
    const results: InstrumentationResult[] = [];
    let removeObserver: () => void;

    beforeAll(() => {
      tracing = installInMemoryTracing();
      removeObserver = addTelemetryObserver({ observe: (_scope, result) => results.push(result) });
    });
    afterEach(() => {
      tracing.reset();
      results.length = 0;
    });
    afterAll(async () => {
      removeObserver();
      await tracing.uninstall();
    });

    it('spans the execution as a child of the caller trace, with kind, type, tenant and outcome', async () => {
      const seen = await runInContext({ tenantId: 'acme', traceparent: HTTP_TRACEPARENT }, () =>
        step.handle(
          pipelineContext('command', 'PlaceOrder'),
          async () => currentRequestContext()?.traceparent,
        ),
      );
      const [span] = tracing.finishedSpans();
      expect(span!.name).toBe('command PlaceOrder');
      expect(span!.parentSpanContext?.spanId).toBe(HTTP_TRACEPARENT.split('-')[2]);
      expect(seen).toBe(formatTraceparent(span!.spanContext()));
      const attributes = {
        'cqrs.message.kind': 'command',
        'cqrs.message.type': 'PlaceOrder',
        'cqrs.tenant_id': 'acme',
        'cqrs.outcome': 'success',
      };
      expect(span!.attributes).toEqual(attributes);
      expect(results).toEqual([expect.objectContaining({ outcome: 'success', attributes })]);
    });

    it('records a failure with its stable error code and rethrows', async () => {
      const failure = new ForbiddenError('order:read', 'no');
      await expect(
        step.handle(pipelineContext('query', 'FindOrder'), () => Promise.reject(failure)),
      ).rejects.toBe(failure);
      const [span] = tracing.finishedSpans();
      expect(span!.status.code).toBe(SpanStatusCode.ERROR);
      expect(span!.attributes).toMatchObject({
        'cqrs.message.kind': 'query',
        'cqrs.outcome': 'error',
        'error.type': 'FORBIDDEN',
      });
      expect(span!.attributes).not.toHaveProperty('cqrs.tenant_id');
      expect(results[0]).toMatchObject({
        outcome: 'error',
        attributes: { 'error.type': 'FORBIDDEN', 'cqrs.message.type': 'FindOrder' },
      });
    });
  });
});
