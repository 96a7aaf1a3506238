import { describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { isObservabilityConfigurationError } from './observability-configuration.error.js';
import type { ObservabilityModuleOptions } from './observability.options.js';
import { resolveObservabilitySettings } from './observability.settings.js';

function refusal(options: ObservabilityModuleOptions): unknown {
  try {
    resolveObservabilitySettings(options);
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('resolveObservabilitySettings', () => {
  it('defaults to metrics on at /metrics, tracing off', () => {
    expect(resolveObservabilitySettings({})).toEqual({
      serviceName: 'cqrs-ddd',
      tracing: undefined,
      metrics: { path: 'metrics', tenantLabel: 'never', defaultMetrics: true, prefix: '' },
      endpointDecorators: [],
    });
  });

  it('resolves tracing: OTLP, every trace sampled, batched, unless told otherwise', () => {
    expect(resolveObservabilitySettings({ serviceName: 'orders', tracing: {} }).tracing).toEqual({
      serviceName: 'orders',
      exporter: 'otlp',
      otlpUrl: undefined,
      sampleRatio: 1,
      simple: false,
    });
    const exporter = new InMemorySpanExporter();
    expect(
      resolveObservabilitySettings({ tracing: { exporter, sampleRatio: 0, simple: true } }).tracing,
    ).toMatchObject({ exporter, sampleRatio: 0, simple: true });
  });

  it('turns metrics off with false and normalises the path', () => {
    expect(resolveObservabilitySettings({ metrics: false }).metrics).toBeUndefined();
    expect(resolveObservabilitySettings({ metrics: { path: '/ops/metrics/' } }).metrics?.path).toBe(
      'ops/metrics',
    );
  });

  it.each<[string, ObservabilityModuleOptions, string]>([
    ['a sample ratio above 1', { tracing: { sampleRatio: 1.5 } }, 'tracing.sampleRatio'],
    ['an unknown exporter', { tracing: { exporter: 'jaeger' as 'otlp' } }, 'tracing.exporter'],
    ['an empty metrics path', { metrics: { path: '/' } }, 'metrics.path'],
    ['a prefix Prometheus refuses', { metrics: { prefix: 'my-app' } }, 'metrics.prefix'],
    ['an unknown tenant label', { metrics: { tenantLabel: 'some' as 'never' } }, 'tenantLabel'],
    ['an empty service name', { serviceName: ' ' }, 'serviceName'],
  ])('refuses %s, naming the option', (_case, options, option) => {
    const error = refusal(options);
    expect(isObservabilityConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(option);
  });
});
