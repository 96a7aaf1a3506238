import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpTracingMiddleware } from './http-tracing.middleware.js';

/**
 * Mounts {@link HttpTracingMiddleware} on every route. A module of its own, never global and
 * imported by `ObservabilityModule`, so that Nest mounts its middleware after that of global
 * modules and of modules nearer the root — core's request-context middleware
 * (`CqrsDddModule`, global by default, or imported by the root module), whose request context
 * this middleware's span must run in.
 */
@Module({})
export class HttpTracingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpTracingMiddleware).forRoutes('{*path}');
  }
}
