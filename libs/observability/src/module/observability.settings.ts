import { ObservabilityConfigurationError } from './observability-configuration.error.js';
import type {
  MetricsOptions,
  ObservabilityModuleOptions,
  TenantLabelOption,
  TracingExporterOption,
  TracingOptions,
} from './observability.options.js';

/** Resolved {@link TracingOptions}. */
export interface TracingSettings {
  readonly serviceName: string;
  readonly exporter: TracingExporterOption;
  readonly otlpUrl: string | undefined;
  readonly sampleRatio: number;
  readonly simple: boolean;
}

/** Resolved {@link MetricsOptions}. */
export interface MetricsSettings {
  /** Controller path, without leading or trailing slashes (`metrics`). */
  readonly path: string;
  readonly tenantLabel: TenantLabelOption;
  readonly defaultMetrics: boolean;
  readonly prefix: string;
}

/** The validated, resolved options of `ObservabilityModule.forRoot`. */
export interface ObservabilitySettings {
  readonly serviceName: string;
  /** `undefined`: tracing off. */
  readonly tracing: TracingSettings | undefined;
  /** `undefined`: metrics off. */
  readonly metrics: MetricsSettings | undefined;
  readonly endpointDecorators: readonly ClassDecorator[];
}

const METRIC_PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/**
 * Validates `options` and fills in the defaults.
 * @throws ObservabilityConfigurationError naming the option to fix
 */
export function resolveObservabilitySettings(
  options: ObservabilityModuleOptions,
): ObservabilitySettings {
  const serviceName = options.serviceName ?? 'cqrs-ddd';
  if (!serviceName.trim()) {
    throw new ObservabilityConfigurationError('serviceName must not be empty.');
  }
  return {
    serviceName,
    tracing: options.tracing ? tracingSettings(options.tracing, serviceName) : undefined,
    metrics: options.metrics === false ? undefined : metricsSettings(options.metrics ?? {}),
    endpointDecorators: options.endpointDecorators ?? [],
  };
}

function tracingSettings(options: TracingOptions, serviceName: string): TracingSettings {
  const sampleRatio = options.sampleRatio ?? 1;
  if (!Number.isFinite(sampleRatio) || sampleRatio < 0 || sampleRatio > 1) {
    throw new ObservabilityConfigurationError(
      `tracing.sampleRatio must be a number from 0 to 1 (got ${String(options.sampleRatio)}).`,
    );
  }
  const exporter = options.exporter ?? 'otlp';
  if (typeof exporter === 'string' && exporter !== 'otlp' && exporter !== 'console') {
    throw new ObservabilityConfigurationError(
      `tracing.exporter must be 'otlp', 'console' or a SpanExporter (got '${exporter}').`,
    );
  }
  return {
    serviceName,
    exporter,
    otlpUrl: options.otlpUrl,
    sampleRatio,
    simple: options.simple ?? false,
  };
}

function metricsSettings(options: MetricsOptions): MetricsSettings {
  const path = (options.path ?? '/metrics').replace(/^\/+|\/+$/g, '');
  if (!path) {
    throw new ObservabilityConfigurationError(`metrics.path must name a route, e.g. '/metrics'.`);
  }
  const prefix = options.prefix ?? '';
  if (!METRIC_PREFIX.test(prefix)) {
    throw new ObservabilityConfigurationError(
      `metrics.prefix must be a Prometheus metric name prefix (letters, digits, '_', ':'; got '${prefix}').`,
    );
  }
  const tenantLabel = options.tenantLabel ?? 'never';
  if (
    typeof tenantLabel === 'string'
      ? tenantLabel !== 'never' && tenantLabel !== 'always'
      : !Array.isArray(tenantLabel.tenants)
  ) {
    throw new ObservabilityConfigurationError(
      `metrics.tenantLabel must be 'never', 'always' or { tenants: [...] }.`,
    );
  }
  return { path, tenantLabel, defaultMetrics: options.defaultMetrics ?? true, prefix };
}
