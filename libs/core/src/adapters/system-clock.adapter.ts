import { Clock } from '../ports/clock.port.js';

/** The production {@link Clock}: the machine's wall clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
