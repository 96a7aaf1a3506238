import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';

/**
 * The app's Prometheus registry, served at `/metrics`: the suite's series live in it, and the
 * app adds its own (`new Counter({ ..., registers: [metrics.registry] })`). One registry per
 * `ObservabilityModule` instance, never prom-client's global one, so that several apps in one
 * process (tests, benchmarks) never collide.
 */
@Injectable()
export class MetricsRegistry {
  /** The prom-client registry. */
  readonly registry = new Registry();
}
