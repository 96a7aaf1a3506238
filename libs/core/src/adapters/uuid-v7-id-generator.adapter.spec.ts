import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { describeIdGeneratorContract } from '../testing/contracts/id-generator.contract.js';
import { UuidV7IdGenerator } from './uuid-v7-id-generator.adapter.js';

describeIdGeneratorContract('UuidV7IdGenerator', {
  create: () => new UuidV7IdGenerator(),
  sortable: true,
  uuid: true,
});

describe('UuidV7IdGenerator', () => {
  it('generates version 7 UUIDs carrying the current time', () => {
    const before = Date.now();
    const id = new UuidV7IdGenerator().newId();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now() + 1);
  });
});
