import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@cqrs-ddd/core';
import {
  type ContractFactory,
  type ContractSubject,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import type { ProcessorSuspensionStore } from '../processor/processor-suspension-store.port.js';

/** What `describeProcessorSuspensionStoreContract` needs per test: a fresh, empty store. */
export type ProcessorSuspensionStoreContractSubject = ContractSubject<ProcessorSuspensionStore>;

/**
 * The behaviour every {@link ProcessorSuspensionStore} adapter must have: processors start
 * unsuspended, `suspend` and `unsuspend` are idempotent and act on their processor only, and an
 * empty processor name is a `ValidationError`.
 */
export function describeProcessorSuspensionStoreContract(
  name: string,
  factory: ContractFactory<ProcessorSuspensionStoreContractSubject>,
): void {
  describe(`ProcessorSuspensionStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;

    it('suspends and unsuspends one processor, idempotently', async () => {
      expect(await store().isSuspended('orders')).toBe(false);
      await store().suspend('orders');
      await store().suspend('orders');
      expect(await store().isSuspended('orders')).toBe(true);
      expect(await store().isSuspended('other')).toBe(false);
      await store().unsuspend('orders');
      await store().unsuspend('orders');
      expect(await store().isSuspended('orders')).toBe(false);
    });

    it('rejects an empty processor name', async () => {
      await expect(store().suspend('')).rejects.toThrow(ValidationError);
      await expect(store().isSuspended(undefined as never)).rejects.toThrow(ValidationError);
    });
  });
}
