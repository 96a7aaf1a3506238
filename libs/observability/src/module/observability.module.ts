import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityHealthModule } from '../health/observability-health.module.js';
import { ObservabilityLoggingModule } from '../logging/observability-logging.module.js';
import {
  OBSERVABILITY_MODULE_OPTIONS,
  type ObservabilityModuleRootOptions,
} from './observability.module-definition.js';
import { metricsPart, type ObservabilityPart, tracingPart } from './observability.providers.js';
import { resolveObservabilitySettings } from './observability.settings.js';

/**
 * Operating the suite: OpenTelemetry traces, Prometheus metrics, health endpoints and
 * structured logs, each part on or off.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     CqrsDddModule.forRoot({ ... }),
 *     ObservabilityModule.forRoot({
 *       serviceName: 'orders',
 *       tracing: { exporter: 'otlp', otlpUrl: process.env.OTLP_URL, sampleRatio: 0.1 },
 *       metrics: { tenantLabel: { tenants: ['acme', 'globex'] } },
 *       logging: { level: 'info' },
 *       endpointDecorators: [Public()],
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * - `tracing` (off by default): registers an OpenTelemetry tracer provider (see
 *   `TracingLifecycle`) so that the suite's instrumented operations become spans — an HTTP
 *   server span per request (continuing the caller's `traceparent`), a span per GraphQL root
 *   field, command and query, event append, processor batch and event, outbox publish and
 *   broker consumption — one trace from the request to the consumer on the other side of the
 *   broker. Off, the instrumentation costs next to nothing.
 * - `metrics` (on): `GET /metrics` (Prometheus text format) with the suite's series — see
 *   `SuiteMetrics`, `TelemetryMetricsObserver`, `HttpMetricsRecorder`, `StatusMetrics` — in the
 *   app's own registry, `MetricsRegistry`, where the app adds its own.
 * - `health` (on): `GET /health/live` and `GET /health/ready` (`ObservabilityHealthModule`).
 * - `logging` (off): pino JSON logs with correlation, causation, trace and tenant ids
 *   (`ObservabilityLoggingModule`); create the app with `bufferLogs: true` and call
 *   `app.useLogger(app.get(Logger))` (nestjs-pino's `Logger`).
 *
 * The HTTP span is opened by a middleware mounted after core's request-context middleware (so
 * it continues the incoming `traceparent`): keep `CqrsDddModule` global (its default) or
 * imported by the root module. Route templates are read on Express. A global prefix applies to
 * `/metrics` and `/health` as to every route.
 *
 * Process-wide by nature: OpenTelemetry's global tracer provider (a second app of the process
 * keeps using the first one's, see `TracingLifecycle`) and the suite's telemetry observers
 * (each app's metrics count the operations of every app of the process).
 */
@Module({})
export class ObservabilityModule {
  /** Registers the module; every option is optional (`forRoot()`: metrics and health only). */
  static forRoot(options: ObservabilityModuleRootOptions = {}): DynamicModule {
    const { isGlobal = true, ...moduleOptions } = options;
    const settings = resolveObservabilitySettings(moduleOptions);
    const parts: ObservabilityPart[] = [];
    if (settings.tracing) parts.push(tracingPart(settings.tracing));
    if (settings.metrics) parts.push(metricsPart(settings.metrics, settings));
    const modules: DynamicModule[] = [];
    if (moduleOptions.health !== false) {
      modules.push(
        ObservabilityHealthModule.register(moduleOptions.health ?? {}, settings.endpointDecorators),
      );
    }
    if (moduleOptions.logging) {
      modules.push(
        ObservabilityLoggingModule.register(moduleOptions.logging, settings.serviceName),
      );
    }
    return {
      module: ObservabilityModule,
      global: isGlobal,
      imports: [...parts.flatMap((part) => part.imports), ...modules],
      controllers: parts.flatMap((part) => part.controllers),
      providers: [
        { provide: OBSERVABILITY_MODULE_OPTIONS, useValue: moduleOptions },
        ...parts.flatMap((part) => part.providers),
      ],
      exports: [OBSERVABILITY_MODULE_OPTIONS, ...parts.flatMap((part) => part.exports), ...modules],
    };
  }
}
