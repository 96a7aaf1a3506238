import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { HttpMetricsRecorder } from '../metrics/http-metrics.recorder.js';
import { metricsControllerFor } from '../metrics/metrics.controller.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { METRICS_SETTINGS } from '../metrics/metrics.tokens.js';
import { StatusMetrics } from '../metrics/status-metrics.js';
import { SuiteMetrics } from '../metrics/suite-metrics.js';
import { TelemetryMetricsObserver } from '../metrics/telemetry-metrics.observer.js';
import { GraphqlTracingInterceptor } from '../tracing/graphql-tracing.interceptor.js';
import { HttpTracingModule } from '../tracing/http-tracing.module.js';
import { TracingLifecycle } from '../tracing/tracing.lifecycle.js';
import { collectDefaultMetrics } from 'prom-client';
import type {
  MetricsSettings,
  ObservabilitySettings,
  TracingSettings,
} from './observability.settings.js';

/** What one part (tracing, metrics) adds to the module. */
export interface ObservabilityPart {
  readonly imports: NonNullable<DynamicModule['imports']>;
  readonly providers: Provider[];
  readonly controllers: Type[];
  readonly exports: NonNullable<DynamicModule['exports']>;
}

/**
 * Tracing: the tracer provider's lifecycle, the HTTP middleware (its own module, for ordering)
 * and the GraphQL interceptor.
 */
export function tracingPart(settings: TracingSettings): ObservabilityPart {
  return {
    imports: [HttpTracingModule],
    providers: [
      { provide: TracingLifecycle, useFactory: () => new TracingLifecycle(settings) },
      { provide: APP_INTERCEPTOR, useClass: GraphqlTracingInterceptor },
    ],
    controllers: [],
    exports: [TracingLifecycle],
  };
}

/**
 * Metrics: the registry (with Node's default metrics unless off), the suite's series fed by the
 * telemetry observer and the HTTP recorder, the series read at scrape, and the controller.
 */
export function metricsPart(
  settings: MetricsSettings,
  { endpointDecorators }: Pick<ObservabilitySettings, 'endpointDecorators'>,
): ObservabilityPart {
  return {
    imports: [],
    providers: [
      { provide: METRICS_SETTINGS, useValue: settings },
      {
        provide: MetricsRegistry,
        useFactory: () => {
          const metrics = new MetricsRegistry();
          if (settings.defaultMetrics) collectDefaultMetrics({ register: metrics.registry });
          return metrics;
        },
      },
      {
        provide: SuiteMetrics,
        inject: [MetricsRegistry],
        useFactory: (metrics: MetricsRegistry) => new SuiteMetrics(metrics.registry, settings),
      },
      {
        provide: TelemetryMetricsObserver,
        inject: [SuiteMetrics],
        useFactory: (metrics: SuiteMetrics) => new TelemetryMetricsObserver(metrics),
      },
      {
        provide: HttpMetricsRecorder,
        inject: [SuiteMetrics, { token: HttpAdapterHost, optional: true }],
        useFactory: (metrics: SuiteMetrics, adapterHost: HttpAdapterHost | undefined) =>
          new HttpMetricsRecorder(metrics, adapterHost),
      },
      StatusMetrics,
    ],
    controllers: [metricsControllerFor(settings.path, endpointDecorators)],
    exports: [MetricsRegistry],
  };
}
