import { type LogPosition, ValidationError, isLogPosition, logPosition } from '@cqrs-ddd/core';

const DIGITS = 20;
const LEADING_ZEROS = /^0+(?=[0-9])/;

/**
 * A log position as text that sorts like the position: both parts zero-padded to 20 digits
 * (an unsigned 64-bit integer has at most 20), `<transactionId>:<globalPosition>`. MongoDB
 * compares strings bytewise, so `$lt` / `$gt` on it follow commit order.
 * @throws ValidationError at `issuePath` unless `position` is a LogPosition of at most 20 digits
 */
export function encodeMongoLogPosition(position: LogPosition, issuePath = 'position'): string {
  if (
    !isLogPosition(position) ||
    position.transactionId.length > DIGITS ||
    position.globalPosition.length > DIGITS
  ) {
    throw ValidationError.of(
      issuePath,
      'must be a LogPosition of decimal strings of at most 20 digits (unsigned 64-bit)',
      'isLogPosition',
    );
  }
  return `${position.transactionId.padStart(DIGITS, '0')}:${position.globalPosition.padStart(DIGITS, '0')}`;
}

/** Reads back {@link encodeMongoLogPosition}'s text as a canonical `LogPosition`. */
export function decodeMongoLogPosition(text: string): LogPosition {
  const [transactionId = '', globalPosition = ''] = text.split(':');
  return logPosition(
    transactionId.replace(LEADING_ZEROS, ''),
    globalPosition.replace(LEADING_ZEROS, ''),
  );
}
