import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventMetadataFromContext, runInContext } from '@cqrs-ddd/core';
import {
  installInMemoryTracing,
  type InMemoryTracing,
  pollUntil,
  uniqueName,
} from '@cqrs-ddd/core/testing';
import { bootSagaApp, type SagaApp, SHOP_SAGA } from './saga-app.fixture.js';
import { ORDER_PLACED } from './saga-shop.fixture.js';

const HTTP_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const [, TRACE_ID] = HTTP_TRACEPARENT.split('-');
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

/**
 * The commands a saga records are dispatched later, by another worker: they must continue the
 * trace of the event that made the saga record them (stored with each command).
 */
describe('saga commands continue the trace of their cause', () => {
  const schema = uniqueName('saga_trace');
  let app: SagaApp;
  let tracing: InMemoryTracing;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    app = await bootSagaApp(schema, 60_000);
  }, 60_000);
  afterAll(async () => {
    await app?.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await app?.close();
    await tracing?.uninstall();
  });

  it('stores the traceparent with each command and dispatches it in that trace', async () => {
    await runInContext(
      { tenantId: 'tenant-a', correlationId: 'corr-traced', traceparent: HTTP_TRACEPARENT },
      () =>
        app.eventStore.append('o-traced', [
          {
            type: ORDER_PLACED,
            version: 1,
            data: { mode: 'ok' },
            metadata: eventMetadataFromContext(),
          },
        ]),
    );
    const instance = await pollUntil(
      () => app.instance('o-traced'),
      (found) => found?.status === 'completed',
      15_000,
    );
    expect(instance?.status).toBe('completed');

    const { commands } = await app.admin.get(SHOP_SAGA, 'o-traced');
    expect(commands).toHaveLength(3);
    for (const command of commands) expect(traceIdOf(command.traceparent)).toBe(TRACE_ID);

    const executions = app.ledger.executions.filter((e) => e.orderId === 'o-traced');
    expect(executions.map((e) => e.type)).toEqual(commands.map((c) => c.commandType));
    const spans = tracing.finishedSpans();
    for (const { type, context } of executions) {
      // Each command ran in its own pipeline span of the trace, named in its request context.
      const span = spans.find((s) => s.name === `command ${type}`);
      expect(span?.spanContext().traceId).toBe(TRACE_ID);
      expect(traceIdOf(context?.traceparent)).toBe(TRACE_ID);
    }
  });
});
