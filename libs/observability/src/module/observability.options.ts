import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Where spans go: OTLP over HTTP, the console, or an exporter of your own (tests: in-memory). */
export type TracingExporterOption = 'otlp' | 'console' | SpanExporter;

/** OpenTelemetry tracing. Off unless configured: then the suite's spans cost nothing. */
export interface TracingOptions {
  /** @default 'otlp' */
  readonly exporter?: TracingExporterOption;
  /** OTLP/HTTP traces endpoint. @default OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else http://localhost:4318/v1/traces */
  readonly otlpUrl?: string;
  /** Share of new traces sampled (parent-based: a sampled caller's trace is always kept). @default 1 */
  readonly sampleRatio?: number;
  /** Export spans one by one (tests) instead of in batches. @default false */
  readonly simple?: boolean;
}

/** Which tenants may appear as a metric label (bounded cardinality). */
export type TenantLabelOption = 'never' | 'always' | { readonly tenants: readonly string[] };

/** Prometheus metrics (prom-client) at `path`. */
export interface MetricsOptions {
  /** Route of the scrape endpoint (under the app's global prefix, if any). @default '/metrics' */
  readonly path?: string;
  /**
   * Tenant label on command/query/append series: `never`, `always` (only with few tenants), or
   * an allow-list (other tenants are labelled `other`). @default 'never'
   */
  readonly tenantLabel?: TenantLabelOption;
  /** Node's process metrics (`process_*`, `nodejs_*`). @default true */
  readonly defaultMetrics?: boolean;
  /** Metric name prefix of every series of the suite (not of Node's default metrics). @default '' */
  readonly prefix?: string;
}

/** Health endpoints and indicators (`@nestjs/terminus`). */
export interface HealthOptions {
  /** Route prefix of `GET <path>/live` and `GET <path>/ready`. @default 'health' */
  readonly path?: string;
  /** A processor is unhealthy past these lags, or when stopped. */
  readonly processors?: {
    /** @default 10_000 */
    readonly maxEventsBehind?: number;
    /** @default 60 */
    readonly maxSecondsBehind?: number;
  };
  /** Oldest open PostgreSQL transaction allowed before `ready` turns down, in seconds. @default 60 */
  readonly maxTransactionAgeSeconds?: number;
  /** Ping timeout of each dependency, in ms. @default 2000 */
  readonly timeoutMs?: number;
}

/** Structured JSON logs (pino) with correlation, causation, trace and tenant ids. */
export interface LoggingOptions {
  /** @default 'info' (LOG_LEVEL) */
  readonly level?: string;
  /** Log every HTTP request (pino-http). @default true */
  readonly httpRequests?: boolean;
  /** Destination stream (tests); default stdout. */
  readonly stream?: NodeJS.WritableStream;
}

/** Options of `ObservabilityModule.forRoot`; each part is off when `false`. */
export interface ObservabilityModuleOptions {
  /** `service.name` of spans and the `service` label of logs. @default 'cqrs-ddd' */
  readonly serviceName?: string;
  /** @default false (off) */
  readonly tracing?: TracingOptions | false;
  /** @default {} (on) */
  readonly metrics?: MetricsOptions | false;
  /** @default {} (on) */
  readonly health?: HealthOptions | false;
  /** @default false (Nest's logger stays) */
  readonly logging?: LoggingOptions | false;
  /**
   * Decorators applied to the `/metrics` and `/health` controllers, e.g. your app's `@Public()`
   * so that its authentication guard lets probes and scrapers through. @default []
   */
  readonly endpointDecorators?: readonly ClassDecorator[];
}
