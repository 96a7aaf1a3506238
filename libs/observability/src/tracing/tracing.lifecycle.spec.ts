import { afterEach, describe, expect, it } from '@jest/globals';
import { instrument } from '@cqrs-ddd/core';
import { context, propagation, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { TracingSettings } from '../module/observability.settings.js';
import { TracingLifecycle } from './tracing.lifecycle.js';

function settings(overrides: Partial<TracingSettings>): TracingSettings {
  return {
    serviceName: 'test',
    exporter: new InMemorySpanExporter(),
    otlpUrl: undefined,
    sampleRatio: 1,
    simple: false,
    ...overrides,
  };
}

const ping = () => instrument({ operation: 'command', name: 'command Ping' }, async () => 'pong');

describe('TracingLifecycle', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('registers, flushes batched spans at shutdown, and unregisters', async () => {
    const exporter = new InMemorySpanExporter();
    const lifecycle = new TracingLifecycle(settings({ exporter }));
    lifecycle.onModuleInit();
    expect(lifecycle.registered).toBe(true);
    await ping();
    const carrier: Record<string, string> = {};
    await instrument({ operation: 'command', name: 'command Inject' }, async () => {
      propagation.inject(context.active(), carrier);
    });
    expect(carrier.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);

    expect(exporter.getFinishedSpans()).toHaveLength(0); // batched until flushed
    await lifecycle.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      'command Ping',
      'command Inject',
    ]);

    await lifecycle.onApplicationShutdown();
    expect(lifecycle.registered).toBe(false);
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });

  it('samples no new trace with a ratio of 0', async () => {
    const exporter = new InMemorySpanExporter();
    const lifecycle = new TracingLifecycle(settings({ exporter, sampleRatio: 0, simple: true }));
    lifecycle.onModuleInit();
    await ping();
    expect(exporter.getFinishedSpans()).toEqual([]);
    await lifecycle.onApplicationShutdown();
  });

  it('leaves a tracer provider registered before it in place', async () => {
    const existing = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(existing)] }),
    );
    const mine = new InMemorySpanExporter();
    const lifecycle = new TracingLifecycle(settings({ exporter: mine, simple: true }));
    lifecycle.onModuleInit();
    expect(lifecycle.registered).toBe(false);

    await ping();
    await lifecycle.onApplicationShutdown();
    expect(mine.getFinishedSpans()).toEqual([]);
    expect(existing.getFinishedSpans().map((span) => span.name)).toEqual(['command Ping']);
  });

  it('builds the console and OTLP exporters', async () => {
    for (const exporter of ['console', 'otlp'] as const) {
      const lifecycle = new TracingLifecycle(
        settings({ exporter, otlpUrl: 'http://127.0.0.1:1/v1/traces' }),
      );
      lifecycle.onModuleInit();
      expect(lifecycle.registered).toBe(true);
      await lifecycle.onApplicationShutdown();
    }
  });
});
