/**
 * What the suite's telemetry (issue 11) costs per command: the pipeline's `telemetry` step
 * (order 150) running each command through `instrument()`, with metrics (the observability
 * module's `TelemetryMetricsObserver`), tracing (the OpenTelemetry SDK) or both, against
 * telemetry off and against the bare `@nestjs/cqrs` CommandBus; same realistic handler as the
 * pipeline benchmark's first table, same process and run, variants interleaved round by round.
 */
import { Module, type DynamicModule, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { CqrsDddModule, isTelemetryActive } from '@cqrs-ddd/core';
import { formatOps, measureRounds, printTable, type Variant } from '../measure.js';
import { deviceIds } from '../pipeline/devices/device-ids.js';
import { DeviceRepository } from '../pipeline/devices/device.repository.js';
import { RecordReading } from '../pipeline/devices/record-reading.command.js';
import { RecordReadingHandler } from '../pipeline/devices/record-reading.handler.js';
import {
  TELEMETRY_OFF,
  combinedTelemetry,
  metricsTelemetry,
  tracingTelemetry,
  type TelemetrySetup,
} from './telemetry-setup.js';

const OPERATIONS = 30_000;
const WARMUP = 10_000;
const ROUNDS = 7;
/** Log levels of every app: success entries filtered out, as in production at `warn`. */
const LOG_LEVELS: LogLevel[] = ['error', 'warn'];

const deviceIdsByIndex = deviceIds(Math.max(OPERATIONS, WARMUP));

type StartedVariant = Variant & {
  readonly telemetry: TelemetrySetup;
  close(): Promise<void>;
};

/**
 * An app running `RecordReading` commands over an event store emptied at the start of each
 * batch, with `telemetry` installed for the batch only (so no variant's globals leak into
 * another's rounds).
 */
async function variant(
  name: string,
  cqrs: DynamicModule,
  telemetry: TelemetrySetup,
): Promise<StartedVariant> {
  @Module({ imports: [cqrs], providers: [DeviceRepository, RecordReadingHandler] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: LOG_LEVELS });
  const bus = app.get(CommandBus);
  const devices = app.get(DeviceRepository);
  return {
    name,
    telemetry,
    async runBatch(count) {
      if (isTelemetryActive()) throw new Error(`telemetry left active before "${name}"`);
      telemetry.activate();
      try {
        devices.reset();
        for (let index = 0; index < count; index += 1) {
          await bus.execute(new RecordReading(deviceIdsByIndex[index]!, index));
        }
      } finally {
        await telemetry.deactivate();
      }
    },
    async close() {
      await app.close();
      await telemetry.shutdown();
    },
  };
}

const pipeline = () => CqrsDddModule.forRoot({ context: { http: false } });

/** Runs the benchmark and prints its table. */
export async function run(): Promise<void> {
  console.log(
    `telemetry benchmark: ${OPERATIONS.toLocaleString('en-US')} sequential commands per round, ` +
      `${WARMUP.toLocaleString('en-US')} warm-up, median of ${ROUNDS} rounds; node ${process.version}\n` +
      'Realistic handler of the pipeline benchmark (load an event-sourced aggregate from\n' +
      'InMemoryEventStore, apply one event, append it), full built-in pipeline. Tracing: the\n' +
      'OpenTelemetry SDK sampling every span, BatchSpanProcessor into an exporter that drops the\n' +
      'spans, AsyncLocalStorage context manager. Metrics: TelemetryMetricsObserver of\n' +
      '@cqrs-ddd/observability (prom-client). Telemetry is installed around each batch only.\n',
  );
  const variants = await Promise.all([
    variant('(a) telemetry off', pipeline(), TELEMETRY_OFF),
    variant('(b) metrics only', pipeline(), metricsTelemetry()),
    variant('(c) tracing (always sampled)', pipeline(), tracingTelemetry()),
    variant(
      '(d) tracing + metrics',
      pipeline(),
      combinedTelemetry(tracingTelemetry(), metricsTelemetry()),
    ),
    variant('(e) bare @nestjs/cqrs CommandBus', CqrsModule.forRoot(), TELEMETRY_OFF),
  ]);
  try {
    const results = await measureRounds(variants, {
      operations: OPERATIONS,
      warmup: WARMUP,
      rounds: ROUNDS,
    });
    const baseline = results[0]!.medianOpsPerSecond;
    printTable(
      [
        'variant',
        'ops/s (median)',
        'µs/op',
        'rounds µs/op (min-max)',
        'added µs/op',
        'ratio vs telemetry off',
      ],
      results.map((result) => [
        result.name,
        formatOps(result.medianOpsPerSecond),
        (1e6 / result.medianOpsPerSecond).toFixed(2),
        `${(1e6 / Math.max(...result.opsPerSecond)).toFixed(1)}-` +
          (1e6 / Math.min(...result.opsPerSecond)).toFixed(1),
        (1e6 / result.medianOpsPerSecond - 1e6 / baseline).toFixed(2),
        (result.medianOpsPerSecond / baseline).toFixed(2),
      ]),
    );
    const commands = WARMUP + OPERATIONS * ROUNDS;
    console.log(`\nsanity (${commands.toLocaleString('en-US')} commands per variant):`);
    for (const each of variants) {
      const seen = await each.telemetry.seen();
      if (seen.length > 0) console.log(`  ${each.name}: ${seen.join(', ')}`);
    }
  } finally {
    for (const each of variants) await each.close();
  }
}
