import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino } from 'pino';
import type { LoggingOptions } from '../module/observability.options.js';
import { logContextFields } from './log-context.mixin.js';

/** Headers never written to logs (pino-http logs the request and response headers). */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

/**
 * Structured JSON logs (nestjs-pino): one JSON object per line with `level`, `time`, `msg`,
 * `service`, and `correlationId`, `causationId`, `messageId`, `tenantId`, `traceId`, `spanId`
 * whenever the line is logged inside a request context or span (see `logContextFields`);
 * a line per HTTP request unless `httpRequests` is off; credentials headers redacted.
 * `ObservabilityModule.forRoot` imports it when `logging` is set.
 *
 * Nest's own `Logger` (and the framework's messages) go through pino once the app uses
 * nestjs-pino's `Logger`, buffering what is logged before:
 *
 * ```ts
 * import { Logger } from '@cqrs-ddd/observability'; // nestjs-pino's
 * const app = await NestFactory.create(AppModule, { bufferLogs: true });
 * app.useLogger(app.get(Logger));
 * ```
 *
 * nestjs-pino keeps one root logger per process: the first application created in a process
 * fixes the destination and level.
 */
@Module({})
export class ObservabilityLoggingModule {
  /** The module for `serviceName` (the `service` field of every line). */
  static register(options: LoggingOptions, serviceName: string): DynamicModule {
    const logger = pino(
      {
        level: options.level ?? process.env.LOG_LEVEL ?? 'info',
        base: { service: serviceName },
        mixin: logContextFields,
        redact: { paths: REDACTED, censor: '[redacted]' },
      },
      options.stream,
    );
    return {
      module: ObservabilityLoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger, autoLogging: options.httpRequests ?? true },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
