import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { OpenApiSetup } from './docs/open-api.setup.js';
import { ApiExceptionFilter } from './errors/api-exception.filter.js';
import { OrderCommandsController } from './orders/order-commands.controller.js';
import { OrderQueriesController } from './orders/order-queries.controller.js';
import { createApiValidationPipe } from './validation/api-validation.pipe.js';

/**
 * The reference app's REST API, self-contained so that every way of booting the app gets the
 * same behaviour:
 * - `/orders` controllers (thin: validate, send one command or query);
 * - the global validation pipe and exception filter (RFC 9457 problems; GraphQL errors too);
 * - OpenAPI at `/docs` and `/docs-json`.
 * `/health/*` and `/metrics` come from `@cqrs-ddd/observability` (see `AppModule`).
 */
@Module({
  controllers: [OrderCommandsController, OrderQueriesController],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_PIPE, useFactory: createApiValidationPipe },
    OpenApiSetup,
  ],
})
export class HttpApiModule {}
