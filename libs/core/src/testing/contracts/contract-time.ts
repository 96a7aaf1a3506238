/**
 * Time and scheduling helpers shared by the contract suites: tests are written once and run
 * either on a fake clock (instant, exact) or, for adapters whose backend keeps time, on real
 * time.
 */
import type { ContractSubject } from './contract-subject.js';

/**
 * Lets `ms` pass for the adapter: advances the fake clock when the subject has one, otherwise
 * waits in real time (contracts keep such durations small).
 */
export async function elapse(
  subject: Pick<ContractSubject<unknown>, 'advanceTime'>,
  ms: number,
): Promise<void> {
  if (subject.advanceTime) {
    await subject.advanceTime(ms);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Lets other tasks run (already-scheduled promise callbacks, zero-delay timers, I/O callbacks
 * of concurrent writers) before going on.
 */
export async function flushAsync(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Reads with `read` until `done` accepts the value or `timeoutMs` passes, and returns the last
 * value (the caller's assertions then report what was seen). Gap-safe adapters may briefly
 * hold back committed events while an older transaction anywhere in the database is still
 * running, and brokers deliver asynchronously, so contracts wait for a condition instead of
 * reading once or sleeping.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 3_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await flushAsync();
    value = await read();
  }
  return value;
}

/** A promise with its settle functions exposed, to hold an operation at a chosen point. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Creates a {@link Deferred}. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
