/**
 * The current time. Inject it instead of calling `new Date()` so that time-dependent code
 * (timestamps, expiries, schedules) is testable with a fake clock.
 */
export abstract class Clock {
  /** The current instant; a new `Date` on every call, so callers may mutate it. */
  abstract now(): Date;
}
