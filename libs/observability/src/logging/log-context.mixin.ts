import { currentRequestContext, currentTraceparent, parseTraceparent } from '@cqrs-ddd/core';

/** The ids a log line carries when logged inside a request context or span. */
export interface LogContextFields {
  correlationId?: string;
  causationId?: string;
  messageId?: string;
  tenantId?: string;
  traceId?: string;
  spanId?: string;
}

/**
 * pino `mixin`: the caller's correlation, causation, message and tenant ids (core's request
 * context) and trace and span ids (the active OpenTelemetry span, else the context's
 * `traceparent`), for every line. Outside any context the line simply has none of them.
 */
export function logContextFields(): LogContextFields {
  const context = currentRequestContext();
  const span = parseTraceparent(currentTraceparent());
  const fields: LogContextFields = {};
  if (context?.correlationId) fields.correlationId = context.correlationId;
  if (context?.causationId) fields.causationId = context.causationId;
  if (context?.messageId) fields.messageId = context.messageId;
  if (context?.tenantId) fields.tenantId = context.tenantId;
  if (span) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}
