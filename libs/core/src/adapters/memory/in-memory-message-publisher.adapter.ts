import { ValidationError } from '../../errors/validation.error.js';
import {
  assertValidMessages,
  MessagePublisher,
  type IntegrationMessage,
} from '../../ports/message-publisher.port.js';

/** Options of {@link InMemoryMessagePublisher.simulateOutage}. */
export interface SimulatedOutage {
  /** How many `publish`/`publishBatch` calls fail before the broker "recovers". @default Infinity (until `endOutage()`) */
  readonly failures?: number;
  /** What the failing calls reject with. @default an Error saying the broker is unavailable */
  readonly error?: Error;
}

/**
 * {@link MessagePublisher} that records messages in memory, in publication order, for
 * assertions (`published()`); `simulateOutage()` makes it reject like an unreachable broker.
 * A batch is recorded all at once or, when it fails, not at all.
 */
export class InMemoryMessagePublisher extends MessagePublisher {
  private readonly messages: IntegrationMessage[] = [];
  private outage: { remaining: number; error: Error } | undefined;

  async publish(message: IntegrationMessage): Promise<void> {
    await this.publishBatch([message]);
  }

  async publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    assertValidMessages(messages);
    let copies: IntegrationMessage[];
    try {
      copies = structuredClone([...messages]);
    } catch {
      throw ValidationError.of('payload', 'must be JSON-serialisable', 'isJson');
    }
    if (this.outage) {
      const { error } = this.outage;
      this.outage.remaining -= 1;
      if (this.outage.remaining <= 0) this.outage = undefined;
      throw error;
    }
    this.messages.push(...copies);
  }

  /** Copies of every message published so far, oldest first. */
  published(): IntegrationMessage[] {
    return structuredClone(this.messages);
  }

  /** Forgets the recorded messages. */
  clear(): void {
    this.messages.length = 0;
  }

  /**
   * Test control: makes the next `publish`/`publishBatch` calls reject without recording
   * anything, as if the broker were down.
   */
  simulateOutage(options: SimulatedOutage = {}): void {
    const {
      failures = Infinity,
      error = new Error('Simulated broker outage: broker unavailable'),
    } = options;
    if (!(failures >= 1)) throw new RangeError('simulateOutage: failures must be >= 1');
    this.outage = { remaining: failures, error };
  }

  /** Test control: ends a simulated outage; publishing succeeds again. */
  endOutage(): void {
    this.outage = undefined;
  }
}
