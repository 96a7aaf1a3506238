import { Controller, Get, Header, type Type } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MetricsRegistry } from './metrics-registry.js';

/**
 * `GET /metrics`: the {@link MetricsRegistry} in the Prometheus text format. Mounted at the
 * configured path through {@link metricsControllerFor}; needs no token unless the app's guards
 * say so (pass your `@Public()` in `endpointDecorators`).
 */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** The current values, in the Prometheus text format. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/**
 * A subclass of {@link MetricsController} of its own, mounted at `path` and decorated with
 * `decorators` (e.g. the app's `@Public()`, `@ApiExcludeController()`), so that each
 * `ObservabilityModule.forRoot` configures its own controller without touching the others.
 */
export function metricsControllerFor(
  path: string,
  decorators: readonly ClassDecorator[],
): Type<MetricsController> {
  class ConfiguredMetricsController extends MetricsController {}
  Reflect.decorate([...decorators, Controller(path)], ConfiguredMetricsController);
  return ConfiguredMetricsController;
}
