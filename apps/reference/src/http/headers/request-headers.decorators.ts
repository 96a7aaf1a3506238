import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ExpressRequest } from '../express.types.js';
import { parseIdempotencyKey, parseIfMatch, parseMinVersionHeader } from './conditional-headers.js';

function header(context: ExecutionContext, name: string): string | undefined {
  const value = context.switchToHttp().getRequest<ExpressRequest>().headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The version asked for by `If-Match` (see `parseIfMatch`), or `undefined`. */
export const IfMatchVersion = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIfMatch(header(context, 'if-match')),
);

/** The request's `Idempotency-Key` (see `parseIdempotencyKey`), or `undefined`. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIdempotencyKey(header(context, 'idempotency-key')),
);

/** The version asked for by `X-Min-Version` (see `parseMinVersionHeader`), or `undefined`. */
export const MinVersionHeader = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseMinVersionHeader(header(context, 'x-min-version')),
);
