/**
 * Outbox relay to RabbitMQ with publisher confirms, against amqplib publishing the same
 * messages directly, in the same run, database and broker:
 *
 * A. throughput: a backlog of 50,000 committed events (100 streams × 500, appended before the
 *    relay starts, 500 per transaction, then vacuumed like a settled table) relayed by
 *    `OutboxRelayProcessor` on a `ProcessorEngine` with the PostgreSQL stores
 *    (`createOutboxRelays`) through `RabbitMqPublisher`, timed from its start until its
 *    checkpoint reached the last event; versus a `ConfirmChannel` publishing the same 50,000
 *    pre-encoded messages in batches of the relay's batch size, awaiting each batch's confirms.
 *    Each round relays under a new publisher name (from the log start), then runs the baseline;
 *    medians. Every run is checked by the queue's message count.
 * B. latency: the last relay of A keeps running while 8 writers commit a steady 1,000 events/s
 *    (one event per transaction) for 20 s; a consumer of the queue takes each message's arrival
 *    minus its event's commit (see `commit-latency.ts`).
 *
 * The relay runs in a child process (`relay-child.ts`) whose RSS is sampled during every relay
 * phase. Messages go to a durable queue bound with `#` (persistent messages: the broker
 * confirms once they are on disk); the exchange, the queue and the database are deleted at the
 * end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openBenchDatabase } from '../event-store/bench-database.js';
import { median } from '../measure.js';
import { BenchBroker } from './bench-broker.js';
import { ArrivalLog } from './commit-latency.js';
import { DirectPublisher, encodeLog } from './direct-publish.js';
import { appendBacklog, type BacklogShape } from './outbox-log.js';
import { type PhaseMemory, printOutboxFigures } from './outbox-report.js';
import { RelayProcess } from './relay-process.js';
import { appendSteadily, type SteadyLoad } from './steady-writers.js';

const BACKLOG: BacklogShape = {
  streams: 100,
  eventsPerStream: 500,
  eventsPerStreamPerTransaction: 5,
};
const EVENTS = BACKLOG.streams * BACKLOG.eventsPerStream;
/** Relay batch size (the direct baseline publishes batches of the same size). */
const BATCH_SIZE = 1_000;
const ROUNDS = 3;
const STEADY: SteadyLoad = { ratePerSecond: 1_000, seconds: 20, writers: 8 };
const ARRIVAL_TIMEOUT_MS = 30_000;

/** Runs the outbox benchmark and prints its tables. */
export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  const broker = await BenchBroker.open();
  const direct = await DirectPublisher.open(broker.exchange);
  let relay: RelayProcess | undefined;
  try {
    relay = await RelayProcess.start({
      databaseUrl: db.url,
      exchange: broker.exchange,
      batchSize: BATCH_SIZE,
    });
    await broker.purge(); // the relay's warm-up message
    const appendStarted = performance.now();
    const head = await appendBacklog(db.store, BACKLOG);
    const appendRate = EVENTS / ((performance.now() - appendStarted) / 1000);
    await db.pool.query('VACUUM (ANALYZE) cqrs_messages');

    const relayRates: number[] = [];
    const directRates: number[] = [];
    const memory: PhaseMemory[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const relayed = await relay.relay(`bench-${round}`, head);
      await expectQueued(broker, `relay round ${round}`, relayed.published);
      relayRates.push(EVENTS / relayed.seconds);
      memory.push({ phase: `A, round ${round}: ${count(EVENTS)} events`, ...relayed.memory });

      const messages = await encodeLog(db.store);
      const seconds = await direct.time(messages, BATCH_SIZE);
      await expectQueued(broker, `direct round ${round}`, messages.length);
      directRates.push(EVENTS / seconds);
    }

    const arrivals = new ArrivalLog();
    const stopConsuming = await broker.consume(arrivals.record);
    await relay.follow();
    const load = await appendSteadily(db.store, STEADY);
    await waitFor(() => arrivals.size >= load.committedAt.size, ARRIVAL_TIMEOUT_MS);
    const steadyMemory = await relay.stop();
    await stopConsuming();
    const steadyPhase = `B, ${count(STEADY.ratePerSecond)} events/s for ${STEADY.seconds} s`;
    memory.push({ phase: steadyPhase, ...steadyMemory });

    printOutboxFigures({
      events: EVENTS,
      batchSize: BATCH_SIZE,
      rounds: ROUNDS,
      appendRate,
      relayRates,
      directRates,
      relay: median(relayRates),
      direct: median(directRates),
      steady: STEADY,
      achievedRate: load.achievedRate,
      latency: arrivals.latencies(load.committedAt),
      memory,
    });
  } finally {
    relay?.kill();
    await direct.close();
    await broker.cleanup();
    await db.close();
  }
}

/**
 * Checks that the queue holds every message of the backlog, then empties it.
 * @throws Error when it holds fewer
 */
async function expectQueued(broker: BenchBroker, run: string, published: number): Promise<void> {
  const queued = await broker.count();
  if (queued < EVENTS) {
    throw new Error(`${run}: ${queued} messages queued (${published} sent), expected ${EVENTS}`);
  }
  await broker.purge();
}

/** Polls `condition` every 20 ms; throws after `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
