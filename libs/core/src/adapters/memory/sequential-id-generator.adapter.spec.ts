import { describe, expect, it } from '@jest/globals';
import { validate } from 'uuid';
import { describeIdGeneratorContract } from '../../testing/contracts/id-generator.contract.js';
import { SequentialIdGenerator } from './sequential-id-generator.adapter.js';

describeIdGeneratorContract(
  'SequentialIdGenerator',
  () => ({ adapter: new SequentialIdGenerator() }),
  { sortable: true, uuid: true },
);

describe('SequentialIdGenerator', () => {
  it('counts from 1 by default, as valid UUIDs', () => {
    const generator = new SequentialIdGenerator();
    const ids = [generator.newId(), generator.newId()];
    expect(ids).toEqual([
      '00000000-0000-7000-8000-000000000001',
      '00000000-0000-7000-8000-000000000002',
    ]);
    expect(ids.every((id) => validate(id))).toBe(true);
  });

  it('starts where told and sorts past 9 and 15 as text', () => {
    const generator = new SequentialIdGenerator(9);
    const ids = Array.from({ length: 8 }, () => generator.newId());
    expect(ids[0]).toBe('00000000-0000-7000-8000-000000000009');
    expect(ids[7]).toBe('00000000-0000-7000-8000-000000000010');
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects an invalid start and stops when exhausted', () => {
    expect(() => new SequentialIdGenerator(-1)).toThrow(RangeError);
    expect(() => new SequentialIdGenerator(1.5)).toThrow(RangeError);
    const last = new SequentialIdGenerator(2 ** 48 - 1);
    expect(last.newId()).toBe('00000000-0000-7000-8000-ffffffffffff');
    expect(() => last.newId()).toThrow(RangeError);
  });
});
