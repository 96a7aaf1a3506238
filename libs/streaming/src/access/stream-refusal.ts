import {
  isCqrsDddError,
  isForbiddenError,
  isUnauthenticatedError,
  isValidationError,
} from '@cqrs-ddd/core';
import { isStreamClientTooSlowError } from '../errors/stream-client-too-slow.error.js';

/** Close codes of refused or dropped WebSocket / graphql-ws connections. */
export const StreamCloseCode = {
  /** The resume point (`lastEventId`) is malformed. */
  BAD_REQUEST: 4400,
  /** No or an invalid token. */
  UNAUTHORIZED: 4401,
  /** The caller may not read the stream. */
  FORBIDDEN: 4403,
  /** The client was too slow: its buffer overflowed. */
  TOO_SLOW: 4008,
  /** Anything else (the server's fault). */
  INTERNAL: 1011,
} as const;

/** Longest close reason a WebSocket close frame carries, in bytes. */
const MAX_REASON_BYTES = 123;

/** The close code and reason for `error`, from its core / streaming error code. */
export function closeFrameOf(error: unknown): { code: number; reason: string } {
  const code = isUnauthenticatedError(error)
    ? StreamCloseCode.UNAUTHORIZED
    : isForbiddenError(error)
      ? StreamCloseCode.FORBIDDEN
      : isValidationError(error)
        ? StreamCloseCode.BAD_REQUEST
        : isStreamClientTooSlowError(error)
          ? StreamCloseCode.TOO_SLOW
          : StreamCloseCode.INTERNAL;
  const reason = isCqrsDddError(error) ? error.message : 'Internal server error';
  return { code, reason: truncate(reason) };
}

function truncate(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  let text = reason;
  while (Buffer.byteLength(text) > MAX_REASON_BYTES - 3) text = text.slice(0, -1);
  return `${text}…`;
}
