import { describe, expect, it } from '@jest/globals';
import {
  type InstrumentationResult,
  type InstrumentedOperation,
  TELEMETRY_ATTRIBUTES as A,
  type TelemetryAttributes,
  instrument,
} from '@cqrs-ddd/core';
import { Registry } from 'prom-client';
import type { TenantLabelOption } from '../module/observability.options.js';
import { SuiteMetrics } from './suite-metrics.js';
import { TelemetryMetricsObserver } from './telemetry-metrics.observer.js';

function observerWith(tenantLabel: TenantLabelOption = 'never', prefix = '') {
  const registry = new Registry();
  const observer = new TelemetryMetricsObserver(
    new SuiteMetrics(registry, { prefix, tenantLabel }),
  );
  const observe = (
    operation: InstrumentedOperation,
    attributes: TelemetryAttributes,
    result: Partial<InstrumentationResult> = {},
  ) =>
    observer.observe(
      { operation, name: operation, attributes },
      { outcome: 'success', durationSeconds: 0.02, attributes, ...result },
    );
  return { registry, observer, observe };
}

const command = (type: string, tenant?: string) => ({
  [A.messageKind]: 'command',
  [A.messageType]: type,
  [A.tenant]: tenant,
});

describe('TelemetryMetricsObserver', () => {
  it('counts and times commands and queries by kind, type and outcome, errors by code', async () => {
    const { registry, observe } = observerWith();
    observe('command', command('CreateOrder'));
    observe(
      'command',
      { ...command('ConfirmOrder'), [A.errorCode]: 'DOMAIN_RULE_VIOLATION' },
      {
        outcome: 'error',
      },
    );
    observe('command', command('ConfirmOrder'), { outcome: 'error' });
    observe('query', { [A.messageKind]: 'query', [A.messageType]: 'GetOrder' });

    const text = await registry.metrics();
    expect(text).toContain(
      'cqrs_messages_total{kind="command",type="CreateOrder",outcome="success"} 1',
    );
    expect(text).toContain(
      'cqrs_messages_total{kind="command",type="ConfirmOrder",outcome="error"} 2',
    );
    expect(text).toContain('cqrs_messages_total{kind="query",type="GetOrder",outcome="success"} 1');
    expect(text).toContain(
      'cqrs_message_errors_total{kind="command",type="ConfirmOrder",code="DOMAIN_RULE_VIOLATION"} 1',
    );
    expect(text).toContain(
      'cqrs_message_errors_total{kind="command",type="ConfirmOrder",code="UNKNOWN"} 1',
    );
    expect(text).toContain(
      'cqrs_message_duration_seconds_count{kind="command",type="CreateOrder",outcome="success"} 1',
    );
    expect(text).toContain(
      'cqrs_message_duration_seconds_bucket{le="0.025",kind="command",type="CreateOrder",outcome="success"} 1',
    );
    expect(text).not.toContain('tenant=');
  });

  it('labels tenants always, or only allow-listed ones (others as "other")', async () => {
    const always = observerWith('always');
    always.observe('command', command('CreateOrder', 'acme'));
    always.observe('command', command('CreateOrder'));
    const alwaysText = await always.registry.metrics();
    expect(alwaysText).toContain(
      'cqrs_messages_total{kind="command",type="CreateOrder",outcome="success",tenant="acme"} 1',
    );
    expect(alwaysText).toContain(
      'cqrs_messages_total{kind="command",type="CreateOrder",outcome="success",tenant=""} 1',
    );

    const listed = observerWith({ tenants: ['acme'] });
    for (const tenant of ['acme', 'globex', 'initech']) {
      listed.observe('event.append', { [A.eventCount]: 2, [A.tenant]: tenant });
    }
    listed.observe('command', command('CreateOrder', 'globex'), { outcome: 'error' });
    const listedText = await listed.registry.metrics();
    expect(listedText).toContain('cqrs_events_appended_total{tenant="acme"} 2');
    expect(listedText).toContain('cqrs_events_appended_total{tenant="other"} 4');
    expect(listedText).not.toContain('globex');
    expect(listedText).toContain(
      'cqrs_message_errors_total{kind="command",type="CreateOrder",code="UNKNOWN",tenant="other"} 1',
    );
  });

  it('counts appended events on success only and times every append', async () => {
    const { registry, observe } = observerWith();
    observe('event.append', { [A.eventCount]: 3 });
    observe('event.append', { [A.eventCount]: 2 }, { outcome: 'error' });

    const text = await registry.metrics();
    expect(text).toMatch(/^cqrs_events_appended_total 3$/m);
    expect(text).toContain('cqrs_event_append_duration_seconds_count{outcome="success"} 1');
    expect(text).toContain('cqrs_event_append_duration_seconds_count{outcome="error"} 1');
  });

  it('maps processors, outbox publishes, consumption and lock waits (never by resource)', async () => {
    const { registry, observe } = observerWith();
    observe('processor.event', { [A.processor]: 'order-summary', [A.eventType]: 'order.created' });
    observe('processor.event', { [A.processor]: 'order-summary' }, { outcome: 'error' });
    observe('processor.batch', { [A.processor]: 'order-summary', [A.eventCount]: 2 });
    observe('outbox.publish', { [A.destination]: 'orders' });
    observe('message.consume', { [A.destination]: 'orders' }, { outcome: 'error' });
    observe('lock.wait', { [A.lockResource]: 'order:42' });
    observe('http.request', { [A.httpMethod]: 'GET', [A.httpRoute]: '/x', [A.httpStatus]: 200 });

    const text = await registry.metrics();
    expect(text).toContain(
      'cqrs_processor_events_total{processor="order-summary",outcome="success"} 1',
    );
    expect(text).toContain(
      'cqrs_processor_events_total{processor="order-summary",outcome="error"} 1',
    );
    expect(text).toContain(
      'cqrs_processor_batch_duration_seconds_count{processor="order-summary"} 1',
    );
    expect(text).toContain(
      'cqrs_outbox_publish_duration_seconds_count{destination="orders",outcome="success"} 1',
    );
    expect(text).toContain('cqrs_messages_consumed_total{destination="orders",outcome="error"} 1');
    expect(text).toContain('cqrs_lock_wait_seconds_count{outcome="success"} 1');
    expect(text).not.toContain('order:42');
    // HTTP requests are counted at the server (HttpMetricsRecorder), never twice.
    expect(text).not.toMatch(/^http_requests_total\{/m);
  });

  it('prefixes the series names', async () => {
    const { registry, observe } = observerWith('never', 'shop_');
    observe('command', command('CreateOrder'));
    expect(await registry.metrics()).toContain(
      'shop_cqrs_messages_total{kind="command",type="CreateOrder",outcome="success"} 1',
    );
  });

  it('observes instrumented operations between module init and destroy only', async () => {
    const { registry, observer } = observerWith();
    const run = () =>
      instrument(
        { operation: 'command', name: 'command Ping', attributes: command('Ping') },
        async () => 'pong',
      );
    await run();
    observer.onModuleInit();
    await run();
    await expect(
      instrument({ operation: 'command', name: 'command Ping', attributes: command('Ping') }, () =>
        Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    observer.onModuleDestroy();
    await run();

    const text = await registry.metrics();
    expect(text).toContain('cqrs_messages_total{kind="command",type="Ping",outcome="success"} 1');
    expect(text).toContain('cqrs_messages_total{kind="command",type="Ping",outcome="error"} 1');
  });
});
