import type { IntegrationMessage, ValidationIssue } from '@cqrs-ddd/core';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { encodeWireMessage, type WireMessage } from '../message/wire-message.js';

/**
 * Settles like `promise`, or rejects with `onTimeout()` once `ms` have passed: every wait on a
 * broker is bounded, so a publisher never hangs. A late settlement of `promise` is ignored.
 */
export async function withinTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * {@link encodeWireMessage}, or a {@link MessageRejectedError} naming the
 * message when its payload cannot be serialised (a cycle, a `BigInt`): retrying would not
 * change that.
 */
export function encodeOrReject(message: IntegrationMessage): WireMessage {
  try {
    return encodeWireMessage(message);
  } catch (error) {
    throw new MessageRejectedError(
      message.messageId,
      `its payload is not JSON-serialisable (${errorText(error)})`,
      { cause: error },
    );
  }
}

/** `host:port` of a broker URL, without credentials or path (for error messages). */
export function endpointOf(url: string): string {
  try {
    return new URL(url.includes('://') ? url : `tcp://${url}`).host;
  } catch {
    return 'an invalid URL';
  }
}

/** The message of `error`, or its string form. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An issue when `value` (option `path`) is given and not a positive integer. */
export function positiveIntegerIssue(value: unknown, path: string): ValidationIssue[] {
  return value === undefined || (Number.isInteger(value) && (value as number) > 0)
    ? []
    : [{ path, message: 'must be a positive integer' }];
}

/** An issue when `value` (option `path`) is given and not a function. */
export function functionIssue(value: unknown, path: string): ValidationIssue[] {
  return value === undefined || typeof value === 'function'
    ? []
    : [{ path, message: 'must be a function' }];
}

/** An issue when `value` (option `path`) is given and not a string. */
export function stringIssue(value: unknown, path: string): ValidationIssue[] {
  return value === undefined || typeof value === 'string'
    ? []
    : [{ path, message: 'must be a string' }];
}
