import { type LogPosition, parseLogPosition } from '@cqrs-ddd/core';
import { CliUsageError } from '../errors/cli-usage.error.js';

/** A positive integer option (`--from 3`). @throws CliUsageError otherwise (exit code 2) */
export function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new CliUsageError(`${option} must be a positive integer, got "${text}".`);
  }
  return value;
}

/**
 * A checkpoint option: `start` (the log start, replay everything; kept as the text, commander
 * turns a parsed `null` into `''`) or a log position `<transactionId>:<globalPosition>` as
 * `processors list` prints it.
 * @throws CliUsageError otherwise (exit code 2)
 */
export function checkpoint(option: string, text: string): LogPosition | 'start' {
  if (text === 'start') return 'start';
  try {
    return parseLogPosition(text);
  } catch {
    throw new CliUsageError(
      `${option} must be "start" or a log position "<transactionId>:<globalPosition>", got "${text}".`,
    );
  }
}
