import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MetricsRegistry, SuiteMetrics, TelemetryMetricsObserver } from '@cqrs-ddd/observability';
import { DroppingSpanExporter } from './dropping-span.exporter.js';

/**
 * Process-wide telemetry of one benchmark variant (OpenTelemetry's globals and the suite's
 * observers are global): installed just before each of its batches and removed right after,
 * so the variants can be measured round by round in one process.
 */
export interface TelemetrySetup {
  /** Installs this variant's globals. */
  activate(): void;
  /** Flushes what the batch produced, then removes the globals (telemetry off again). */
  deactivate(): Promise<void>;
  /** What this telemetry saw so far, for the sanity line under the table (empty when off). */
  seen(): Promise<string[]>;
  /** Releases the resources for good (after the last batch). */
  shutdown(): Promise<void>;
}

/** No tracer provider, no observer: the baseline. */
export const TELEMETRY_OFF: TelemetrySetup = {
  activate: () => undefined,
  deactivate: () => Promise.resolve(),
  seen: () => Promise.resolve([]),
  shutdown: () => Promise.resolve(),
};

/**
 * The metrics of `@cqrs-ddd/observability`: its {@link TelemetryMetricsObserver} over the
 * suite's series, in a registry of their own (no tenant label, as by default).
 */
export function metricsTelemetry(): TelemetrySetup {
  const metrics = new SuiteMetrics(new MetricsRegistry().registry, {
    prefix: '',
    tenantLabel: 'never',
  });
  const observer = new TelemetryMetricsObserver(metrics);
  return {
    activate: () => observer.onModuleInit(),
    deactivate: () => Promise.resolve(observer.onModuleDestroy()),
    async seen() {
      const { values } = await metrics.messages.get();
      const counted = values.reduce((sum, { value }) => sum + value, 0);
      return [`${counted.toLocaleString('en-US')} commands counted by metrics`];
    },
    shutdown: () => Promise.resolve(),
  };
}

/**
 * Tracing with the OpenTelemetry SDK: a `BasicTracerProvider` sampling every span, a
 * `BatchSpanProcessor` (default settings) into a {@link DroppingSpanExporter}, registered
 * globally with an `AsyncLocalStorage` context manager.
 */
export function tracingTelemetry(): TelemetrySetup {
  const exporter = new DroppingSpanExporter();
  const provider = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    activate() {
      const contextManager = new AsyncLocalStorageContextManager().enable();
      if (
        !context.setGlobalContextManager(contextManager) ||
        !trace.setGlobalTracerProvider(provider)
      ) {
        throw new Error('another OpenTelemetry context manager or tracer provider is registered');
      }
    },
    async deactivate() {
      await provider.forceFlush();
      trace.disable();
      context.disable();
    },
    seen: () => Promise.resolve([`${exporter.received.toLocaleString('en-US')} spans exported`]),
    shutdown: () => provider.shutdown(),
  };
}

/** Several setups at once (activated in order, deactivated in reverse order). */
export function combinedTelemetry(...setups: TelemetrySetup[]): TelemetrySetup {
  return {
    activate() {
      for (const setup of setups) setup.activate();
    },
    async deactivate() {
      for (const setup of [...setups].reverse()) await setup.deactivate();
    },
    async seen() {
      const lines = await Promise.all(setups.map((setup) => setup.seen()));
      return lines.flat();
    },
    async shutdown() {
      for (const setup of setups) await setup.shutdown();
    },
  };
}
