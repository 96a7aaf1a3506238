import { IdGenerator } from '../../ports/id-generator.port.js';

const MAX_COUNTER = 2 ** 48 - 1;

/**
 * A deterministic {@link IdGenerator} for tests: `00000000-0000-7000-8000-000000000001`,
 * `...0002`, and so on. The ids are well-formed UUIDs (version 7, RFC variant), so they fit
 * `uuid` columns and validators, and they sort in creation order as text.
 */
export class SequentialIdGenerator extends IdGenerator {
  private counter: number;

  /** @param start the first id's number. @default 1 */
  constructor(start = 1) {
    super();
    if (!Number.isSafeInteger(start) || start < 0 || start > MAX_COUNTER) {
      throw new RangeError(`SequentialIdGenerator: start must be an integer in 0..2^48-1`);
    }
    this.counter = start;
  }

  newId(): string {
    if (this.counter > MAX_COUNTER) throw new RangeError('SequentialIdGenerator exhausted');
    const id = `00000000-0000-7000-8000-${this.counter.toString(16).padStart(12, '0')}`;
    this.counter += 1;
    return id;
  }
}
