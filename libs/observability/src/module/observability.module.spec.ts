import { describe, expect, it } from '@jest/globals';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ObservabilityHealthModule } from '../health/observability-health.module.js';
import { ObservabilityLoggingModule } from '../logging/observability-logging.module.js';
import { MetricsController } from '../metrics/metrics.controller.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { HttpTracingModule } from '../tracing/http-tracing.module.js';
import { TracingLifecycle } from '../tracing/tracing.lifecycle.js';
import { ObservabilityModule } from './observability.module.js';

function moduleNames(imports: unknown[] | undefined): unknown[] {
  return (imports ?? []).map((entry) => (entry as { module?: unknown }).module ?? entry);
}

describe('ObservabilityModule.forRoot', () => {
  it('gives metrics and health by default, globally, without tracing nor logging', () => {
    const definition = ObservabilityModule.forRoot();
    expect(definition.global).toBe(true);
    expect(moduleNames(definition.imports)).toEqual([ObservabilityHealthModule]);
    expect(definition.controllers).toHaveLength(1);
    expect(definition.controllers![0]!.prototype).toBeInstanceOf(MetricsController);
    expect(definition.exports).toContain(MetricsRegistry);
    expect(definition.exports).not.toContain(TracingLifecycle);
  });

  it('adds tracing (middleware module, GraphQL interceptor) and logging when asked', () => {
    const definition = ObservabilityModule.forRoot({
      tracing: { exporter: new InMemorySpanExporter() },
      logging: {},
      isGlobal: false,
    });
    expect(definition.global).toBe(false);
    expect(moduleNames(definition.imports)).toEqual([
      HttpTracingModule,
      ObservabilityHealthModule,
      ObservabilityLoggingModule,
    ]);
    expect(definition.providers).toContainEqual(
      expect.objectContaining({ provide: APP_INTERCEPTOR }),
    );
    expect(definition.exports).toContain(TracingLifecycle);
  });

  it('leaves every part out when each is off', () => {
    const definition = ObservabilityModule.forRoot({ metrics: false, health: false });
    expect(definition.imports).toEqual([]);
    expect(definition.controllers).toEqual([]);
    expect(definition.exports).not.toContain(MetricsRegistry);
  });
});
