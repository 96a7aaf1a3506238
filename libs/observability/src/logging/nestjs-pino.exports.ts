// What apps need of nestjs-pino, so they depend on this package only.
/**
 * nestjs-pino's Nest logger service: `app.useLogger(app.get(Logger))` routes Nest's `Logger`
 * through pino (see `ObservabilityLoggingModule`).
 */
export { Logger } from 'nestjs-pino';
/** nestjs-pino's injectable pino logger (`InjectPinoLogger(context)` for a named one). */
export { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
