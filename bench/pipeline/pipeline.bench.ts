/**
 * The command pipeline's cost: commands through `CqrsDddModule`'s full built-in chain (context,
 * logging, validation, idempotency, retry, unit of work) versus the bare `@nestjs/cqrs`
 * CommandBus running the exact same handler, in the same process and run.
 *
 * 1. the headline: a handler of the shape users write (load an event-sourced aggregate, apply
 *    one event, append it with `expectedVersion`);
 * 2. and 3. worst cases that measure the overhead alone: a no-op handler, and a handler that
 *    only awaits one event-loop turn (the least any I/O costs);
 * 4. the cost of each built-in step, added one at a time on the no-op handler.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  Injectable,
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { CqrsDddModule, type PipelineOptions } from '@cqrs-ddd/core';
import { IsInt, IsString, Length, Min } from 'class-validator';
import {
  formatOps,
  measureRounds,
  printTable,
  type Variant,
  type VariantResult,
} from '../measure.js';
import { COMMANDS_PER_AGGREGATE, LIVE_AGGREGATES, deviceIds } from './devices/device-ids.js';
import { DeviceRepository } from './devices/device.repository.js';
import { RecordReading } from './devices/record-reading.command.js';
import { RecordReadingHandler } from './devices/record-reading.handler.js';

const OPERATIONS = 100_000;
const WARMUP = 20_000;
const ROUNDS = 7;
const TARGET_RATIO = 0.5;
/**
 * Log levels of every app. The logging step runs on every command (timing, level check,
 * failure entries); success entries (`log` level) are filtered out as in production at `warn`.
 */
const LOG_LEVELS: LogLevel[] = ['error', 'warn'];

/** The no-op table's command: two validated fields, so class-validator really runs. */
class RegisterDevice {
  @IsString()
  @Length(3, 64)
  readonly serial: string;

  @IsInt()
  @Min(0)
  readonly firmware: number;

  constructor(serial: string, firmware: number) {
    this.serial = serial;
    this.firmware = firmware;
  }
}

/** Same command, handled by a handler that awaits one event-loop turn. */
class RegisterRemoteDevice extends RegisterDevice {}

@Injectable()
class DeviceRegistry {
  count = 0;
}

@CommandHandler(RegisterDevice)
class RegisterDeviceHandler implements ICommandHandler<RegisterDevice> {
  constructor(private readonly registry: DeviceRegistry) {}

  async execute(command: RegisterDevice): Promise<{ serial: string; position: number }> {
    this.registry.count += 1;
    return { serial: command.serial, position: this.registry.count };
  }
}

@CommandHandler(RegisterRemoteDevice)
class RegisterRemoteDeviceHandler implements ICommandHandler<RegisterRemoteDevice> {
  constructor(private readonly registry: DeviceRegistry) {}

  async execute(command: RegisterRemoteDevice): Promise<{ serial: string; position: number }> {
    await nextTurn();
    this.registry.count += 1;
    return { serial: command.serial, position: this.registry.count };
  }
}

const deviceIdsByIndex = deviceIds(Math.max(OPERATIONS, WARMUP));

/** What a variant executes: the same for the bare bus and the pipeline. */
type Workload = (app: INestApplicationContext) => (count: number) => Promise<void>;

/** The same command instance, `count` times (the overhead tables). */
const repeat =
  (command: RegisterDevice): Workload =>
  (app) => {
    const bus = app.get(CommandBus);
    return async (count) => {
      for (let index = 0; index < count; index += 1) await bus.execute(command);
    };
  };

/** A new `RecordReading` per command, over an event store emptied at the start of the round. */
const recordReadings: Workload = (app) => {
  const bus = app.get(CommandBus);
  const devices = app.get(DeviceRepository);
  return async (count) => {
    devices.reset();
    for (let index = 0; index < count; index += 1) {
      await bus.execute(new RecordReading(deviceIdsByIndex[index]!, index));
    }
  };
};

type StartedVariant = Variant & { close(): Promise<void> };

async function variant(
  name: string,
  cqrs: DynamicModule,
  workload: Workload,
): Promise<StartedVariant> {
  @Module({
    imports: [cqrs],
    providers: [
      DeviceRegistry,
      RegisterDeviceHandler,
      RegisterRemoteDeviceHandler,
      DeviceRepository,
      RecordReadingHandler,
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: LOG_LEVELS });
  return { name, runBatch: workload(app), close: () => app.close() };
}

const bare = () => CqrsModule.forRoot();
const piped = (pipeline: PipelineOptions = {}) =>
  CqrsDddModule.forRoot({ context: { http: false }, pipeline });

const ALL_OFF: PipelineOptions = {
  logging: false,
  validation: false,
  idempotency: false,
  retry: false,
  unitOfWork: false,
};

/** Measures the variants (the first is the baseline) and prints their table under `note`. */
async function compare(
  title: string,
  note: string,
  variants: Promise<StartedVariant>[],
  rounds: number,
): Promise<VariantResult[]> {
  const started = await Promise.all(variants);
  try {
    const results = await measureRounds(started, {
      operations: OPERATIONS,
      warmup: WARMUP,
      rounds,
    });
    const baseline = results[0]!.medianOpsPerSecond;
    console.log(`\n${title}, ${rounds} rounds\n${note}\n`);
    printTable(
      ['variant', 'ops/s (median)', 'µs/op', 'added µs/op', 'ratio vs bare'],
      results.map((result) => [
        result.name,
        formatOps(result.medianOpsPerSecond),
        (1e6 / result.medianOpsPerSecond).toFixed(2),
        (1e6 / result.medianOpsPerSecond - 1e6 / baseline).toFixed(2),
        (result.medianOpsPerSecond / baseline).toFixed(2),
      ]),
    );
    return results;
  } finally {
    for (const each of started) await each.close();
  }
}

const ratioOf = (results: readonly VariantResult[]) =>
  results[1]!.medianOpsPerSecond / results[0]!.medianOpsPerSecond;

/** Runs the benchmark and prints its tables. */
export async function run(): Promise<void> {
  const command = new RegisterDevice('SN-000123', 7);
  const remote = new RegisterRemoteDevice('SN-000123', 7);
  console.log(
    `pipeline benchmark: ${OPERATIONS.toLocaleString('en-US')} sequential commands per round, ` +
      `${WARMUP.toLocaleString('en-US')} warm-up, median of the rounds; node ${process.version}\n` +
      '"added µs/op" is what the pipeline adds to the bare bus on the same handler.',
  );

  const realistic = await compare(
    '1. realistic handler: load an event-sourced aggregate, apply one event, append it',
    [
      'The handler reads the stream from InMemoryEventStore, rehydrates each event through an',
      'EventTypeRegistry, replays it into the aggregate, applies one event and appends it with',
      `expectedVersion and the request context as metadata. ${LIVE_AGGREGATES} aggregates at a time,`,
      `${COMMANDS_PER_AGGREGATE} commands each (streams of 0-${COMMANDS_PER_AGGREGATE - 1} events ` +
        'when loaded); the store is emptied every round.',
      'A database-backed store costs far more per command, while the in-process overhead of the',
      'pipeline stays the same (a transactional UnitOfWork adapter adds its BEGIN/COMMIT).',
      'Here "added" also pays for the context ids (correlation, causation) the events now carry',
      'in their metadata, which this store deep-copies on every append and load.',
    ].join('\n'),
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), recordReadings),
      variant('cqrs-ddd full pipeline', piped(), recordReadings),
    ],
    ROUNDS,
  );

  const noop = await compare(
    '2. worst case, overhead only: no-op handler',
    'The handler only increments a counter, so the ratio is the pipeline overhead against an\n' +
      'almost free call; no real handler is this cheap.',
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), repeat(command)),
      variant('cqrs-ddd full pipeline', piped(), repeat(command)),
    ],
    ROUNDS,
  );

  const oneTurn = await compare(
    '3. worst case, overhead only: handler awaiting one event-loop turn',
    'The least any handler doing I/O costs (one setImmediate), with no work of its own.',
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), repeat(remote)),
      variant('cqrs-ddd full pipeline', piped(), repeat(remote)),
    ],
    ROUNDS,
  );

  await compare(
    '4. cost per built-in step (no-op handler, steps added one at a time)',
    '"added µs/op" grows by each step\'s own cost from one row to the next.',
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), repeat(command)),
      variant('+ context (always on)', piped(ALL_OFF), repeat(command)),
      variant('+ logging', piped({ ...ALL_OFF, logging: true }), repeat(command)),
      variant(
        '+ validation',
        piped({ ...ALL_OFF, logging: true, validation: true }),
        repeat(command),
      ),
      variant(
        '+ idempotency (no key)',
        piped({ ...ALL_OFF, logging: true, validation: true, idempotency: true }),
        repeat(command),
      ),
      variant('+ retry', piped({ unitOfWork: false }), repeat(command)),
      variant('+ unit of work (= full)', piped(), repeat(command)),
    ],
    5,
  );

  const ratio = ratioOf(realistic);
  console.log(
    `\nverdict: target >= ${TARGET_RATIO} on the realistic handler (1): ratio ` +
      `${ratio.toFixed(2)}, ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}. ` +
      `Worst cases (overhead only, no target): no-op handler ${ratioOf(noop).toFixed(2)}, ` +
      `one event-loop turn ${ratioOf(oneTurn).toFixed(2)}.`,
  );
}
