import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { OpenApiSetup } from './docs/open-api.setup.js';
import { ApiExceptionFilter } from './errors/api-exception.filter.js';
import { HealthController } from './health/health.controller.js';
import { ProjectionsHealthIndicator } from './health/projections.health.js';
import { ApiMetrics } from './metrics/api-metrics.js';
import { OutboxMetrics } from './metrics/outbox-metrics.js';
import { ProjectionMetrics } from './metrics/projection-metrics.js';
import { CommandMetricsStep } from './metrics/command-metrics.step.js';
import { HttpMetricsRecorder } from './metrics/http-metrics.recorder.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { OrderCommandsController } from './orders/order-commands.controller.js';
import { OrderQueriesController } from './orders/order-queries.controller.js';
import { createApiValidationPipe } from './validation/api-validation.pipe.js';

/**
 * The reference app's REST API and its operational endpoints, self-contained so that every way
 * of booting the app gets the same behaviour:
 * - `/orders` controllers (thin: validate, send one command or query);
 * - the global validation pipe and exception filter (RFC 9457 problems; GraphQL errors too);
 * - `/health/live`, `/health/ready` (terminus), `/metrics` (prom-client: HTTP and pipeline
 *   metrics via a `@PipelineStep`), OpenAPI at `/docs` and `/docs-json`.
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [
    OrderCommandsController,
    OrderQueriesController,
    HealthController,
    MetricsController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_PIPE, useFactory: createApiValidationPipe },
    ApiMetrics,
    ProjectionMetrics,
    OutboxMetrics,
    CommandMetricsStep,
    HttpMetricsRecorder,
    ProjectionsHealthIndicator,
    OpenApiSetup,
  ],
  exports: [ApiMetrics],
})
export class HttpApiModule {}
