// An outbox relay in a process of its own, for the crash and takeover tests (RelayChild in
// relay-child.fixture.ts starts it). Runs on the built libraries (`dist`): the PostgreSQL event
// store, a processor engine on the PostgreSQL checkpoints, leases and parked messages, and one
// OutboxRelayProcessor publishing to RabbitMQ with publisher confirms.
//
//   node relay-instance.fixture.mjs '<RelayChildConfig as JSON>'
//
// Reports on stdout, one JSON object a line: `loaded` (set up; with `startOnCommand` it waits
// for the line `start` on stdin), `ready` (the engine runs), `batch` (a batch is about to be
// published: its message ids), `published` (the broker confirmed it), `committed` (the
// checkpoint moved past it), `frozen` (the process stops itself with SIGSTOP right after this
// line, at the configured batch, or at the next one after the line `freeze <stage>` on stdin);
// `log`; `stopped`. SIGTERM stops gracefully; the end of stdin ends the process.
import { createInterface } from 'node:readline';
import { MessagePublisher } from '@cqrs-ddd/core';
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import { DEFAULT_PUBLISHER_RUN_OPTIONS, OutboxRelayProcessor } from '@cqrs-ddd/outbox';
import { RabbitMqPublisher } from '@cqrs-ddd/outbox/rabbitmq';
import { createProcessorStores, ProcessorEngine } from '@cqrs-ddd/projections';
import {
  emit,
  freeze,
  openChildOrm,
  reportingLogger,
} from '../../../../.ci/jest/child-support.mjs';

const config = JSON.parse(process.argv[2]);

/** Stage at which the next batch freezes (the `freeze <stage>` command). */
let freezeNext;

function freezeAt(stage, batch) {
  const configured = config.freeze?.stage === stage && config.freeze?.batch === batch;
  if (!configured && freezeNext !== stage) return;
  freeze({ stage, batch });
}

/** The broker client, reporting each batch before and after the broker confirmed it. */
class ReportingPublisher extends MessagePublisher {
  batches = 0;

  constructor(inner) {
    super();
    this.inner = inner;
  }

  publish(message) {
    return this.publishBatch([message]);
  }

  async publishBatch(messages) {
    const batch = ++this.batches;
    const ids = messages.map((message) => message.messageId);
    emit({ kind: 'batch', batch, ids });
    freezeAt('before-publish', batch);
    await this.inner.publishBatch(messages);
    emit({ kind: 'published', batch, ids });
    // Confirmed by the broker, checkpoint not saved yet: a crash here publishes it again.
    freezeAt('after-publish', batch);
  }
}

const orm = await openChildOrm({
  databaseUrl: config.databaseUrl,
  applicationName: config.instanceId,
  poolMax: 4,
});
const eventStore = new PostgresEventStore(orm.em, {
  schema: config.eventStoreSchema,
  pollIntervalMs: 200,
});
const broker = new RabbitMqPublisher({
  url: config.amqpUrl,
  exchange: config.exchange,
  confirmTimeoutMs: 5_000,
});
const stores = createProcessorStores('postgres', {
  em: orm.em,
  schema: config.projectionsSchema,
});
const engine = new ProcessorEngine({
  eventStore,
  ...stores,
  instanceId: config.instanceId,
  logger: reportingLogger,
});
const processor = new OutboxRelayProcessor({
  name: config.publisher,
  select: { types: config.types },
  transport: new ReportingPublisher(broker),
});
// Merged as OutboxModule merges a publisher's run options (createOutboxRelays).
const handle = engine.register(processor, {
  ...DEFAULT_PUBLISHER_RUN_OPTIONS,
  ...config.run,
  retry: { ...DEFAULT_PUBLISHER_RUN_OPTIONS.retry, ...config.run.retry },
});
handle.onProgress(({ position, handled }) => emit({ kind: 'committed', position, handled }));

process.once('SIGTERM', async () => {
  await engine.stopAll();
  await broker.close();
  await eventStore.close();
  await orm.close();
  emit({ kind: 'stopped' });
  process.exit(0);
});

function start() {
  engine.startAll();
  emit({ kind: 'ready', instanceId: config.instanceId });
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const [command, argument] = line.split(' ');
  if (command === 'start') start();
  if (command === 'freeze') freezeNext = argument;
});
// The test's end of stdin closes when the test process goes away: do not outlive it.
commands.on('close', () => process.exit(2));

if (config.startOnCommand) emit({ kind: 'loaded' });
else start();
