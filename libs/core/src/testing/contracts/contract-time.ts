/**
 * Time helpers shared by the contract suites: tests are written once and run either on a
 * fake clock (instant, exact) or, for adapters whose backend keeps time, on real time.
 */

/** Anything that may offer a fake-clock control (see `ContractSubject.advanceTime`). */
export interface TimeControl {
  advanceTime?(ms: number): void | Promise<void>;
}

/**
 * Lets `ms` pass for the adapter: advances the fake clock when there is one, otherwise waits
 * in real time (contracts keep such durations small).
 */
export async function elapse(subject: TimeControl, ms: number): Promise<void> {
  if (subject.advanceTime) {
    await subject.advanceTime(ms);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets already-scheduled promise callbacks and timers of zero delay run. */
export async function flushAsync(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Re-checks `condition` until it holds, failing after `timeoutMs`; used where a real backend
 * expires data on its own schedule (e.g. Redis TTL) so a test awaits the effect, not a sleep.
 */
export async function eventually(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 2_000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
