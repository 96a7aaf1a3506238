import { describe, expect, it } from '@jest/globals';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import { usePerTestSubject, type ContractSetup } from './contract-helpers.js';

/** How the IdGenerator contract obtains an adapter, and which optional guarantees it has. */
export interface IdGeneratorContractFactory<
  TGenerator extends IdGenerator,
> extends ContractSetup<TGenerator> {
  /** The adapter promises that ids compare (as text) in creation order, like UUIDv7. @default false */
  readonly sortable?: boolean;
  /** The adapter promises RFC 9562 UUID text (lower-case, 8-4-4-4-12 hex). @default false */
  readonly uuid?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The behaviour every {@link IdGenerator} adapter must have. */
export function describeIdGeneratorContract<TGenerator extends IdGenerator>(
  name: string,
  factory: IdGeneratorContractFactory<TGenerator>,
): void {
  describe(`IdGenerator contract: ${name}`, () => {
    const subject = usePerTestSubject(factory);
    const generate = (count: number) =>
      Array.from({ length: count }, () => subject.current.newId());

    it('returns non-empty strings', () => {
      for (const id of generate(100)) {
        expect(typeof id).toBe('string');
        expect(id.length).toBeGreaterThan(0);
      }
    });

    it('never repeats an id across many calls', () => {
      const ids = generate(20_000);
      expect(new Set(ids).size).toBe(ids.length);
    });

    if (factory.sortable) {
      it('returns ids that sort in creation order', () => {
        const ids = generate(5_000);
        expect([...ids].sort()).toEqual(ids);
      });
    }

    if (factory.uuid) {
      it('returns RFC 9562 UUIDs', () => {
        for (const id of generate(100)) expect(id).toMatch(UUID);
      });
    }
  });
}
