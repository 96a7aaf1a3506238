/**
 * Child process of the outbox benchmark: runs the relays (see `relay-run.ts`), so that its RSS
 * is the relay's own — not the backlog's writers', the baseline's pre-encoded messages' or the
 * latency consumer's. Forked by `RelayProcess` as
 * `node --expose-gc relay-child.js <database url> <exchange> <batch size>`; answers the commands
 * of `relay-process.ts` over the IPC channel. Every phase starts after a full GC and ends with
 * the live heap after another one, which stays level when the relay's memory does not grow with
 * what it relayed.
 */
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import { RabbitMqPublisher } from '@cqrs-ddd/outbox/rabbitmq';
import { Logger } from '@nestjs/common';
import { openOrm } from '../event-store/bench-database.js';
import { benchAmqpUrl } from './bench-broker.js';
import { orderEvent, RELAYED_TYPE } from './outbox-log.js';
import type { RelayCommand, RelayMemory, RelayReply } from './relay-process.js';
import { type BenchRelay, buildRelay, timeRelay } from './relay-run.js';
import { RssSampler } from './rss-sampler.js';

const [databaseUrl, exchange, batchSizeText] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('fork with --expose-gc and an IPC channel');
const collect = gc;
/** Sends `message` to the parent; with `last`, disconnects once it is sent (the process ends). */
const reply = (message: RelayReply, last = false) =>
  process.send!(message, undefined, {}, () => last && process.disconnect());

Logger.overrideLogger(['warn', 'error']); // the engine's lease chatter
const orm = await openOrm(databaseUrl!);
const eventStore = new PostgresEventStore(orm.em);
const transport = new RabbitMqPublisher({ url: benchAmqpUrl(), exchange: exchange! });
let relay: BenchRelay | undefined;
let sampler: RssSampler | undefined;

/** Starts a phase: full GC, then sampling. */
function startSampling(): RssSampler {
  collect();
  return new RssSampler();
}

/** Ends the phase: its RSS, and the live heap after a full GC. */
function memoryOf(phase: RssSampler): RelayMemory {
  const rss = phase.stop();
  collect();
  return { ...rss, liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function handle(command: RelayCommand): Promise<RelayReply> {
  if (command.kind === 'relay') {
    await relay?.engine.stopAll();
    relay = await buildRelay(orm, eventStore, {
      name: command.name,
      transport,
      batchSize: Number(batchSizeText),
    });
    const phase = startSampling();
    const unsubscribe = relay.handle.onProgress(() => phase.sample());
    const seconds = await timeRelay(relay, command.head);
    unsubscribe();
    const { published } = relay.processor.metrics.snapshot();
    return { kind: 'relayed', seconds, published, memory: memoryOf(phase) };
  }
  if (command.kind === 'follow') {
    sampler = startSampling();
    return { kind: 'following' };
  }
  const memory = memoryOf(sampler ?? startSampling());
  await relay?.engine.stopAll();
  await transport.close();
  await eventStore.close();
  await orm.close();
  return { kind: 'stopped', memory };
}

process.on('message', (command: RelayCommand) => {
  handle(command).then(
    (message) => reply(message, message.kind === 'stopped'),
    (error: unknown) => {
      process.exitCode = 1;
      const message = error instanceof Error ? error.message : String(error);
      reply({ kind: 'failed', message }, true);
    },
  );
});

// Opens the transport's connection before the first round (the parent empties the queue).
await transport.publish({
  messageId: '00000000-0000-4000-8000-000000000000',
  type: RELAYED_TYPE,
  payload: orderEvent(0).data,
  headers: { occurredAt: new Date().toISOString(), contentType: 'application/json' },
});
reply({ kind: 'ready' });
