/**
 * The command pipeline's cost: 100,000 commands through `CqrsDddModule`'s full built-in chain
 * (context, logging, validation, idempotency, retry, unit of work) versus the bare
 * `@nestjs/cqrs` CommandBus on the same handler, in the same process and run. Then the cost
 * of each built-in step (adding one at a time), and the same comparison for a handler that
 * awaits one event-loop turn — the least any handler doing I/O costs.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable, Module, type DynamicModule, type LogLevel } from '@nestjs/common';
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

const OPERATIONS = 100_000;
const WARMUP = 20_000;
const ROUNDS = 7;
const TARGET_RATIO = 0.5;
/**
 * Log levels of every app. The logging step runs on every command (timing, level check,
 * failure entries); success entries (`log` level) are filtered out as in production at `warn`.
 */
const LOG_LEVELS: LogLevel[] = ['error', 'warn'];

/** The benchmarked command: two validated fields, so class-validator really runs. */
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

const ALL_OFF: PipelineOptions = {
  logging: false,
  validation: false,
  idempotency: false,
  retry: false,
  unitOfWork: false,
};

async function variant(
  name: string,
  cqrs: DynamicModule,
  command: RegisterDevice,
): Promise<Variant & { close(): Promise<void> }> {
  @Module({
    imports: [cqrs],
    providers: [DeviceRegistry, RegisterDeviceHandler, RegisterRemoteDeviceHandler],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: LOG_LEVELS });
  const bus = app.get(CommandBus);
  return {
    name,
    runBatch: async (count) => {
      for (let index = 0; index < count; index += 1) await bus.execute(command);
    },
    close: () => app.close(),
  };
}

const bare = () => CqrsModule.forRoot();
const piped = (pipeline: PipelineOptions = {}) =>
  CqrsDddModule.forRoot({ context: { http: false }, pipeline });

async function compare(
  title: string,
  variants: Promise<Variant & { close(): Promise<void> }>[],
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
    console.log(`\n${title}\n`);
    printTable(
      ['variant', 'ops/s (median)', 'µs/op', 'ratio vs bare'],
      results.map((result) => [
        result.name,
        formatOps(result.medianOpsPerSecond),
        (1e6 / result.medianOpsPerSecond).toFixed(2),
        (result.medianOpsPerSecond / baseline).toFixed(2),
      ]),
    );
    return results;
  } finally {
    for (const variant of started) await variant.close();
  }
}

function verdict(label: string, results: readonly VariantResult[]): string {
  const ratio = results[1]!.medianOpsPerSecond / results[0]!.medianOpsPerSecond;
  return `${label}: ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`;
}

/** Runs the benchmark and prints its tables. */
export async function run(): Promise<void> {
  const command = new RegisterDevice('SN-000123', 7);
  const remote = new RegisterRemoteDevice('SN-000123', 7);
  console.log(
    `pipeline benchmark: ${OPERATIONS.toLocaleString('en-US')} sequential commands per round, ` +
      `${WARMUP.toLocaleString('en-US')} warm-up, median of the rounds; node ${process.version}`,
  );

  const headline = await compare(
    `1. no-op handler, ${ROUNDS} rounds`,
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), command),
      variant('cqrs-ddd full pipeline', piped(), command),
    ],
    ROUNDS,
  );

  await compare(
    '2. cost per built-in step (no-op handler, steps added one at a time), 5 rounds',
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), command),
      variant('+ context (always on)', piped(ALL_OFF), command),
      variant('+ logging', piped({ ...ALL_OFF, logging: true }), command),
      variant('+ validation', piped({ ...ALL_OFF, logging: true, validation: true }), command),
      variant(
        '+ idempotency (no key)',
        piped({ ...ALL_OFF, logging: true, validation: true, idempotency: true }),
        command,
      ),
      variant('+ retry', piped({ unitOfWork: false }), command),
      variant('+ unit of work (= full)', piped(), command),
    ],
    5,
  );

  const io = await compare(
    `3. handler awaiting one event-loop turn (the least any I/O costs), ${ROUNDS} rounds`,
    [
      variant('bare @nestjs/cqrs CommandBus', bare(), remote),
      variant('cqrs-ddd full pipeline', piped(), remote),
    ],
    ROUNDS,
  );

  console.log(`\n${verdict('1. no-op handler', headline)}`);
  console.log(verdict('3. one event-loop turn', io));
}
