import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { validate, version } from 'uuid';
import { describeIdGeneratorContract } from '../testing/contracts/id-generator.contract.js';
import { UuidV7IdGenerator } from './uuid-v7-id-generator.adapter.js';

describeIdGeneratorContract('UuidV7IdGenerator', () => ({ adapter: new UuidV7IdGenerator() }), {
  sortable: true,
  uuid: true,
});

const millisOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

/** Index of the first id not greater than its predecessor, or -1. */
const firstOutOfOrder = (ids: readonly string[]) =>
  ids.findIndex((id, index) => index > 0 && !(ids[index - 1]! < id));

describe('UuidV7IdGenerator', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('generates version 7 UUIDs carrying the current time', () => {
    const before = Date.now();
    const id = new UuidV7IdGenerator().newId();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('generates 10,000 ids in a tight loop that are unique and strictly increasing', () => {
    const generator = new UuidV7IdGenerator();
    const ids: string[] = [];
    for (let index = 0; index < 10_000; index += 1) ids.push(generator.newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(firstOutOfOrder(ids)).toBe(-1);
  });

  // The ordering state is shared by the process, so the frozen clock shows the real time:
  // a frozen future would keep later ids counting in that future.
  it('keeps ids increasing within one millisecond and when the clock steps back', () => {
    const frozen = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(frozen);
    const generator = new UuidV7IdGenerator();
    const sameMillisecond = Array.from({ length: 1_000 }, () => generator.newId());
    now.mockReturnValue(frozen - 1_000);
    const afterStepBack = Array.from({ length: 10 }, () => generator.newId());
    const ids = [...sameMillisecond, ...afterStepBack];
    expect(firstOutOfOrder(ids)).toBe(-1);
    expect(new Set(ids.map(millisOf))).toEqual(new Set([frozen]));
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
  });

  it('orders ids of different instances by creation (one counter per process)', () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    const first = new UuidV7IdGenerator();
    const second = new UuidV7IdGenerator();
    const ids = Array.from({ length: 100 }, (_, index) => (index % 2 ? second : first).newId());
    expect(firstOutOfOrder(ids)).toBe(-1);
  });

  it('gives every id its own random bits, across refills of the random pool', () => {
    const generator = new UuidV7IdGenerator();
    const tails = Array.from({ length: 2_000 }, () => generator.newId().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
