import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { HealthOptions } from '../module/observability.options.js';
import { healthControllerAt } from './health.controller.js';
import { OBSERVABILITY_HEALTH_OPTIONS, resolveHealthOptions } from './health.options.js';
import { ReadinessChecks } from './readiness-checks.js';

/**
 * Health endpoints (`@nestjs/terminus`): `GET <path>/live` (200 while the process serves) and
 * `GET <path>/ready` (200, or 503 with terminus's report), checking only what the application
 * has — PostgreSQL through MikroORM (and its oldest open transaction), MongoDB, Redis, the
 * outbox's brokers, the projections and outbox publishers (stopped or lagging); see
 * `ReadinessChecks`. `ObservabilityModule.forRoot` imports it unless `health` is `false`.
 */
@Module({})
export class ObservabilityHealthModule {
  /**
   * The module with its controller at `options.path` (default `health`); `endpointDecorators`
   * are applied to the controller (e.g. the app's `@Public()`, Swagger's `@ApiExcludeController()`).
   */
  static register(
    options: HealthOptions,
    endpointDecorators: readonly ClassDecorator[],
  ): DynamicModule {
    const resolved = resolveHealthOptions(options);
    return {
      module: ObservabilityHealthModule,
      imports: [TerminusModule],
      controllers: [healthControllerAt(resolved.path, endpointDecorators)],
      providers: [{ provide: OBSERVABILITY_HEALTH_OPTIONS, useValue: resolved }, ReadinessChecks],
    };
  }
}
