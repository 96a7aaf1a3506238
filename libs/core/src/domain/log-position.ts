import { ValidationError } from '../errors/validation.error.js';
import type { LogPosition } from './event-envelope.js';

/** A checkpoint before the first event of the log: reading "after" it reads from the beginning. */
export const LOG_START = null;

/** What a reader remembers between batches: a position, or {@link LOG_START}. */
export type LogCheckpoint = LogPosition | null;

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A non-negative integer as canonical decimal text (no sign, no leading zeros). */
function toDecimal(value: bigint | number | string, field: string): string {
  const text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw ValidationError.of(field, `must be a safe integer, got ${text}`, 'isInt');
  }
  if (!DECIMAL.test(text)) {
    throw ValidationError.of(
      field,
      `must be a non-negative integer in decimal, got "${text}"`,
      'isInt',
    );
  }
  return text;
}

/** Builds a {@link LogPosition}, normalising numbers and bigints to canonical decimal strings. */
export function logPosition(
  transactionId: bigint | number | string,
  globalPosition: bigint | number | string,
): LogPosition {
  return {
    transactionId: toDecimal(transactionId, 'transactionId'),
    globalPosition: toDecimal(globalPosition, 'globalPosition'),
  };
}

/** True when `value` is a {@link LogPosition} whose fields are canonical decimal strings. */
export function isLogPosition(value: unknown): value is LogPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { transactionId, globalPosition } = value as Partial<LogPosition>;
  return (
    typeof transactionId === 'string' &&
    typeof globalPosition === 'string' &&
    DECIMAL.test(transactionId) &&
    DECIMAL.test(globalPosition)
  );
}

/**
 * Orders two checkpoints in commit order: by `transactionId`, then `globalPosition`, compared
 * as 64-bit integers (never as text, where "10" < "9"). `null`/`undefined` ({@link LOG_START})
 * sorts before every position. Returns a negative number, zero or a positive number.
 */
export function compareLogPositions(
  a: LogPosition | null | undefined,
  b: LogPosition | null | undefined,
): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return (
    compareDecimal(a.transactionId, b.transactionId) ||
    compareDecimal(a.globalPosition, b.globalPosition)
  );
}

function compareDecimal(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `position` comes strictly after `checkpoint` in commit order. */
export function isAfterLogPosition(
  position: LogPosition,
  checkpoint: LogPosition | null | undefined,
): boolean {
  return compareLogPositions(position, checkpoint) > 0;
}

/** Same position (or both {@link LOG_START}). */
export function logPositionsEqual(
  a: LogPosition | null | undefined,
  b: LogPosition | null | undefined,
): boolean {
  return compareLogPositions(a, b) === 0;
}

/** Compact text form `"<transactionId>:<globalPosition>"`, e.g. for SSE `Last-Event-ID` or cursors. */
export function formatLogPosition(position: LogPosition): string {
  return `${position.transactionId}:${position.globalPosition}`;
}

/** Parses {@link formatLogPosition}'s output; throws a `ValidationError` for anything else. */
export function parseLogPosition(text: string): LogPosition {
  const parts = text.split(':');
  if (parts.length !== 2) {
    throw ValidationError.of(
      'position',
      `must look like "<transactionId>:<globalPosition>", got "${text}"`,
      'isLogPosition',
    );
  }
  return logPosition(parts[0], parts[1]);
}
