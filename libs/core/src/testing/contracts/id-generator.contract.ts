import { describe, expect, it } from '@jest/globals';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeIdGeneratorContract` needs per test: a fresh id generator. */
export type IdGeneratorContractSubject = ContractSubject<IdGenerator>;

/** The optional guarantees an IdGenerator adapter makes, each checked when declared. */
export interface IdGeneratorContractOptions {
  /** The adapter promises that ids compare (as text) in creation order, like UUIDv7. @default false */
  readonly sortable?: boolean;
  /** The adapter promises RFC 9562 UUID text (lower-case, 8-4-4-4-12 hex). @default false */
  readonly uuid?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The behaviour every {@link IdGenerator} adapter must have, and the guarantees it declares. */
export function describeIdGeneratorContract(
  name: string,
  factory: ContractFactory<IdGeneratorContractSubject>,
  options: IdGeneratorContractOptions = {},
): void {
  describe(`IdGenerator contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const generate = (count: number) =>
      Array.from({ length: count }, () => subject().adapter.newId());

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

    if (options.sortable) {
      it('returns ids that sort in creation order', () => {
        const ids = generate(5_000);
        expect([...ids].sort()).toEqual(ids);
      });
    }

    if (options.uuid) {
      it('returns RFC 9562 UUIDs', () => {
        for (const id of generate(100)) expect(id).toMatch(UUID);
      });
    }
  });
}
