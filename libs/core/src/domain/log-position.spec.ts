import { describe, expect, it } from '@jest/globals';
import {
  compareLogPositions,
  formatLogPosition,
  isAfterLogPosition,
  isLogPosition,
  LOG_START,
  logPosition,
  logPositionsEqual,
  parseLogPosition,
} from './log-position.js';

describe('log positions', () => {
  it('builds canonical decimal positions from numbers, bigints and strings', () => {
    expect(logPosition(1, 2n)).toEqual({ transactionId: '1', globalPosition: '2' });
    expect(logPosition('18446744073709551615', 0)).toEqual({
      transactionId: '18446744073709551615',
      globalPosition: '0',
    });
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, '01', '-3', '1e3', '']) {
      expect(() => logPosition(bad, 1)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });

  it('recognises well-formed positions only', () => {
    expect(isLogPosition({ transactionId: '3', globalPosition: '10' })).toBe(true);
    expect(isLogPosition({ transactionId: 3, globalPosition: '10' })).toBe(false);
    expect(isLogPosition({ transactionId: '03', globalPosition: '10' })).toBe(false);
    expect(isLogPosition(null)).toBe(false);
    expect(isLogPosition('3:10')).toBe(false);
  });

  it('orders by transaction, then global position, numerically', () => {
    const sorted = [
      LOG_START,
      logPosition(9, 100),
      logPosition(10, 2),
      logPosition(10, 10),
      logPosition('9007199254740993', 1),
      logPosition('9007199254740993', 2),
    ];
    const shuffled = [sorted[3], sorted[5], sorted[0], sorted[2], sorted[4], sorted[1]];
    expect(shuffled.sort(compareLogPositions)).toEqual(sorted);
    expect(compareLogPositions(null, undefined)).toBe(0);
    expect(compareLogPositions(logPosition(1, 1), logPosition(1, 1))).toBe(0);
    expect(logPositionsEqual(logPosition(4, 5), { transactionId: '4', globalPosition: '5' })).toBe(
      true,
    );
    expect(logPositionsEqual(LOG_START, logPosition(0, 0))).toBe(false);
  });

  it('tells whether a position is strictly after a checkpoint', () => {
    expect(isAfterLogPosition(logPosition(0, 0), LOG_START)).toBe(true);
    expect(isAfterLogPosition(logPosition(2, 5), logPosition(2, 5))).toBe(false);
    expect(isAfterLogPosition(logPosition(3, 1), logPosition(2, 5))).toBe(true);
  });

  it('formats and parses the compact text form', () => {
    const position = logPosition('12345678901234567890', 42);
    expect(formatLogPosition(position)).toBe('12345678901234567890:42');
    expect(parseLogPosition('12345678901234567890:42')).toEqual(position);
    for (const bad of ['', '1', '1:2:3', 'a:1', '1:-2']) {
      expect(() => parseLogPosition(bad)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });
});
