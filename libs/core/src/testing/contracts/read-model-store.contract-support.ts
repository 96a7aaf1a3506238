import { beforeEach, expect } from '@jest/globals';
import { logPosition } from '../../domain/log-position.js';
import { isValidationError } from '../../errors/validation.error.js';
import type {
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  ReadModelWriteOptions,
} from '../../ports/read-model-store.port.js';
import { rejectionOf, uniqueName, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeReadModelStoreContract` needs per test: a read-model store. */
export type ReadModelStoreContractSubject = ContractSubject<ReadModelStore>;

/** Document shape used throughout the contract. */
export interface ContractOrder extends ReadModelDocument {
  readonly status: string;
  readonly total: number;
  readonly rank?: number | null;
  readonly group?: string;
  readonly customer?: { readonly name: string; readonly city?: string };
  readonly items?: readonly { readonly productId: string; readonly quantity: number }[];
  readonly updatedAt?: string;
  readonly lastPosition?: number;
}

/** Access to the running test's store and a collection name unique to that test. */
export interface ReadModelStoreContractContext {
  readonly store: ReadModelStore;
  readonly collectionName: string;
  /** A handle on this test's collection (or `name`) for `tenantId`. */
  open<T extends ReadModelDocument = ContractOrder>(
    tenantId?: string,
    name?: string,
  ): ReadModelCollection<T>;
}

/** Registers hooks creating a fresh store (and collection name) for each test. */
export function useReadModelStore(
  factory: ContractFactory<ReadModelStoreContractSubject>,
): ReadModelStoreContractContext {
  const subject = useContractSubject(factory);
  let collectionName = '';
  beforeEach(() => {
    collectionName = uniqueName('contract');
  });
  return {
    get store(): ReadModelStore {
      return subject().adapter;
    },
    get collectionName(): string {
      return collectionName;
    },
    open<T extends ReadModelDocument>(tenantId = 'tenant-a', name = collectionName) {
      return this.store.collection<T>(name, { tenantId });
    },
  };
}

/** Write options at log position `(n, n)`. */
export function at(n: number | bigint): ReadModelWriteOptions {
  return { position: logPosition(n, n) };
}

/** A contract order with sensible defaults. */
export function order(id: string, overrides: Partial<ContractOrder> = {}): ContractOrder {
  return { id, status: 'pending', total: 10, ...overrides };
}

/** Asserts that `promise` rejects with a `ValidationError` having an issue at `path`. */
export async function expectValidationError(
  promise: Promise<unknown>,
  path: string,
): Promise<void> {
  const error = await rejectionOf(promise);
  expect(isValidationError(error)).toBe(true);
  expect(isValidationError(error) && error.issues.map((issue) => issue.path)).toContain(path);
}

/** Ids of `items`, in order. */
export function idsOf(items: readonly { readonly id: string }[]): string[] {
  return items.map((item) => item.id);
}
