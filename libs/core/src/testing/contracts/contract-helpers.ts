import { afterEach, beforeEach, expect } from '@jest/globals';

/** How a contract suite obtains and releases the adapter (or fixture) under test. */
export interface ContractSetup<TSubject> {
  /** A fresh, empty subject for each test (e.g. a new schema, database or key prefix). */
  readonly create: () => TSubject | Promise<TSubject>;
  /** Releases what `create` acquired (pools, connections). @default nothing to release */
  readonly dispose?: (subject: TSubject) => void | Promise<void>;
}

/** Registers `beforeEach`/`afterEach` hooks creating and disposing one subject per test. */
export function usePerTestSubject<TSubject>(factory: ContractSetup<TSubject>): {
  readonly current: TSubject;
} {
  let subject: { value: TSubject } | undefined;
  beforeEach(async () => {
    subject = { value: await factory.create() };
  });
  afterEach(async () => {
    const done = subject;
    subject = undefined;
    if (done && factory.dispose) await factory.dispose(done.value);
  });
  return {
    get current(): TSubject {
      if (!subject) throw new Error('The contract subject is only available inside a test');
      return subject.value;
    },
  };
}

/** The rejection reason of `promise`; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the operation to be rejected, but it succeeded');
}

/** Lets other tasks (concurrent writers, I/O callbacks) run. */
export function yieldToOtherTasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Polls `read` until `done` accepts its value or `timeoutMs` passes, and returns the last
 * value (the caller's assertions then report what was seen). Gap-safe adapters may briefly
 * hold back committed events while an older transaction anywhere in the database is still
 * running, so log reads in the contract wait for a condition instead of reading once.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 3_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await yieldToOtherTasks();
    value = await read();
  }
  return value;
}

/** ISO-8601 timestamp as stores return them. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Asserts that `value` is an ISO-8601 timestamp of a real instant. */
export function expectIsoTimestamp(value: unknown): void {
  expect(value).toEqual(expect.stringMatching(ISO_TIMESTAMP));
  expect(Number.isNaN(Date.parse(value as string))).toBe(false);
}
