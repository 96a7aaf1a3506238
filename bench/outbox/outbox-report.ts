/** The outbox benchmark's tables: targets with PASS/MISS, every round, and the relay's memory. */
import { formatOps, printTable } from '../measure.js';
import type { LatencyFigures } from './commit-latency.js';
import type { RelayMemory } from './relay-process.js';
import type { SteadyLoad } from './steady-writers.js';

/** Targets of the issue. */
const TARGET_RATE = 5_000;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 200;
/** "Flat": live heap after GC at the end of the run within this of the first phase's. */
const FLAT_HEAP_MB = 10;

/** Memory of the relay process in one named phase. */
export type PhaseMemory = { readonly phase: string } & RelayMemory;

/** Everything the benchmark measured. */
export interface OutboxFigures {
  readonly events: number;
  readonly batchSize: number;
  readonly rounds: number;
  /** Events/s of the backlog's appends. */
  readonly appendRate: number;
  readonly relayRates: readonly number[];
  readonly directRates: readonly number[];
  /** Medians (messages/s). */
  readonly relay: number;
  readonly direct: number;
  readonly steady: SteadyLoad;
  readonly achievedRate: number;
  readonly latency: LatencyFigures;
  readonly memory: readonly PhaseMemory[];
}

const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');
const mb = (value: number) => `${value.toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function targetRows(figures: OutboxFigures): string[][] {
  const { relay, direct, latency, steady, memory } = figures;
  const ratio = relay / direct;
  const peak = Math.max(...memory.map((phase) => phase.peakMb));
  const heapGrowth = memory.at(-1)!.liveHeapMb - memory[0]!.liveHeapMb;
  return [
    [
      `relay ${formatOps(figures.events)} committed events, messages/s`,
      formatOps(relay),
      formatOps(direct),
      `${ratio.toFixed(2)}x`,
      `>= ${formatOps(TARGET_RATE)}/s ${verdict(relay >= TARGET_RATE)}, ` +
        `>= ${TARGET_RATIO}x ${verdict(ratio >= TARGET_RATIO)}`,
    ],
    [
      `commit-to-publish at ${formatOps(steady.ratePerSecond)} events/s, p50 / p99 / max`,
      `${ms(latency.p50)} / ${ms(latency.p99)} / ${ms(latency.max)}`,
      '-',
      '-',
      `p99 < ${TARGET_P99_MS} ms ${verdict(latency.p99 < TARGET_P99_MS)}`,
    ],
    [
      'relay process: peak RSS; live heap growth, first to last phase',
      `${mb(peak)}; ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB`,
      '-',
      '-',
      `flat: heap growth < ${FLAT_HEAP_MB} MB ${verdict(heapGrowth < FLAT_HEAP_MB)}`,
    ],
  ];
}

/** Prints the benchmark's tables. */
export function printOutboxFigures(figures: OutboxFigures): void {
  const { steady, latency } = figures;
  console.log(
    `\nOutbox relay to RabbitMQ (publisher confirms, persistent messages, durable queue) vs ` +
      `amqplib ConfirmChannel publishing the same messages; batch size ${figures.batchSize}, ` +
      `median of ${figures.rounds} rounds.\nBacklog: ${formatOps(figures.events)} events ` +
      `appended before the relay starts, at ${formatOps(figures.appendRate)} ev/s. Latency: ` +
      `commit (append resolved) to arrival at a consumer of the queue, ${formatOps(latency.count)} ` +
      `events from ${steady.writers} writers at ${formatOps(figures.achievedRate)} events/s ` +
      `for ${steady.seconds} s.\n`,
  );
  printTable(['measure', 'outbox relay', 'direct amqplib', 'ratio', 'target'], targetRows(figures));
  console.log('\nRounds (messages/s)\n');
  printTable(
    ['round', 'outbox relay', 'direct amqplib', 'ratio'],
    figures.relayRates.map((rate, i) => [
      String(i + 1),
      formatOps(rate),
      formatOps(figures.directRates[i]!),
      `${(rate / figures.directRates[i]!).toFixed(2)}x`,
    ]),
  );
  console.log(
    '\nRelay process memory per phase (RSS sampled every 20 ms from a GC at the start; live ' +
      'heap after a GC at the end)\n',
  );
  printTable(
    ['phase', 'RSS start', 'RSS peak', 'RSS end', 'live heap at end'],
    figures.memory.map(({ phase, startMb, peakMb, endMb, liveHeapMb }) => [
      phase,
      mb(startMb),
      mb(peakMb),
      mb(endMb),
      `${liveHeapMb.toFixed(1)} MB`,
    ]),
  );
}
