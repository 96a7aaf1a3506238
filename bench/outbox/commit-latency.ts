/**
 * Commit-to-publish latency: each message's arrival at a consumer of the queue (an upper bound
 * of the broker's confirm to the relay, which comes first) minus its event's commit time, both
 * on the `performance.now()` clock of this process.
 */
import type { ConsumeMessage } from 'amqplib';

/** Latency percentiles, in ms. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Arrival time of every message the consumer received, by message id (= event id). */
export class ArrivalLog {
  private readonly arrivals = new Map<string, number>();

  /** Records `message` as arrived now. */
  readonly record = (message: ConsumeMessage): void => {
    this.arrivals.set(String(message.properties.messageId), performance.now());
  };

  /** Messages received so far. */
  get size(): number {
    return this.arrivals.size;
  }

  /**
   * Latencies of the events of `committedAt` (`performance.now()` of their commits).
   * @throws Error when one of them has not arrived
   */
  latencies(committedAt: ReadonlyMap<string, number>): LatencyFigures {
    const values: number[] = [];
    for (const [eventId, committed] of committedAt) {
      const arrived = this.arrivals.get(eventId);
      if (arrived === undefined) throw new Error(`event ${eventId} never reached the consumer`);
      values.push(arrived - committed);
    }
    values.sort((a, b) => a - b);
    const at = (fraction: number) => values[Math.ceil(fraction * values.length) - 1]!;
    return { count: values.length, p50: at(0.5), p99: at(0.99), max: values.at(-1)! };
  }
}
