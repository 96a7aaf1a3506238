import { describe, expect, it } from '@jest/globals';
import { parsePdpResult } from './pdp-result.parser.js';

describe('parsePdpResult', () => {
  it.each([
    [{ result: true }, { allowed: true }],
    [{ result: false }, { allowed: false, reason: 'denied by the policy decision point' }],
    [{ result: { allow: true } }, { allowed: true }],
    [{ result: { allow: true, reason: 'ok' } }, { allowed: true, reason: 'ok' }],
    [
      { result: { allow: false, reason: ' over limit ' } },
      { allowed: false, reason: 'over limit' },
    ],
    [
      { result: { allow: false, reason: '' } },
      { allowed: false, reason: 'denied by the policy decision point' },
    ],
  ])('reads %j', (body, expected) => {
    expect(parsePdpResult(body)).toEqual(expected);
  });

  it.each([
    undefined,
    null,
    {},
    { result: 'yes' },
    { result: { allow: 'true' } },
    { result: null },
    [],
  ])('is not a decision: %j', (body) => {
    expect(parsePdpResult(body)).toBeUndefined();
  });

  it('truncates long reasons', () => {
    const answer = parsePdpResult({ result: { allow: false, reason: 'x'.repeat(500) } });
    expect(answer?.reason).toHaveLength(200);
  });
});
