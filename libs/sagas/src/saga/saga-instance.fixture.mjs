// A saga worker in a process of its own, for the crash test (SagaChild in saga-child.fixture.ts
// starts it). Runs on the built libraries (`dist`): the PostgreSQL event store and a SagaEngine
// (processor on PostgreSQL checkpoints and leases, runtime, dispatcher) with a three-step saga.
// Commands run inside a MikroOrmUnitOfWork, as the command pipeline runs them: each appends one
// event to `effects-<saga id>`, in the dispatcher's transaction.
//
//   node saga-instance.fixture.mjs '<SagaChildConfig as JSON>'
//
// Reports on stdout, one JSON object a line: `loaded`, `ready` (the engine runs), `event` (the
// processor applied an event, transaction still open), `executed` (a command appended its
// effect, transaction still open), `frozen` (the process stops itself with SIGSTOP right after
// this line, at the configured point), `log`, `stopped`. SIGTERM stops gracefully; the end of
// stdin ends the process.
import { createInterface } from 'node:readline';
import { eventMetadataFromContext } from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork, PostgresEventStore } from '@cqrs-ddd/event-store';
import { CommandTypeRegistry } from '../../dist/commands/command-type.registry.js';
import { CommandScheduler } from '../../dist/scheduling/command-scheduler.port.js';
import { createSagaEngine } from '../../dist/saga/saga-engine.js';
import { defineSaga } from '../../dist/saga/saga.builder.js';
import {
  emit,
  freeze,
  openChildOrm,
  reportingLogger,
} from '../../../../.ci/jest/child-support.mjs';

const config = JSON.parse(process.argv[2]);

/** The command of every step: its effect is one event. */
class DoStep {
  static type = 'crash.do-step';

  constructor(sagaId, step) {
    this.sagaId = sagaId;
    this.step = step;
  }
}

/** The saga has no timeouts: nothing is ever scheduled. */
class NoScheduler extends CommandScheduler {
  schedule() {
    return Promise.reject(new Error('not used'));
  }

  cancel() {
    return Promise.resolve(false);
  }
}

const step = (name) => ({
  command: (state) => new DoStep(state.id, name),
  completedBy: `crash.${name}-done`,
  correlate: (event) => event.data.sagaId,
});
const saga = defineSaga(config.sagaName)
  .startedBy('crash.started', { correlate: (e) => e.streamId, init: (e) => ({ id: e.streamId }) })
  .step('one', step('one'))
  .step('two', step('two'))
  .step('three', step('three'))
  .build();

function freezeAt(stage, nth) {
  if (config.freeze?.stage === stage && config.freeze.nth === nth) freeze({ stage, nth });
}

const orm = await openChildOrm({
  databaseUrl: config.databaseUrl,
  applicationName: config.instanceId,
  poolMax: 6,
});
const eventStore = new PostgresEventStore(orm.em, { schema: config.schema, pollIntervalMs: 200 });
const unitOfWork = new MikroOrmUnitOfWork(orm.em);
let executions = 0;
const engine = await createSagaEngine(
  {
    schema: config.schema,
    migrate: false,
    run: config.run,
    dispatcher: { pollIntervalMs: 100, initialRetryDelayMs: 50, maxRetryDelayMs: 200 },
  },
  {
    eventStore,
    em: orm.em,
    registry: new CommandTypeRegistry([DoStep]),
    scheduler: new NoScheduler(),
    execute: (command) =>
      unitOfWork.run(async () => {
        await eventStore.append(`effects-${command.sagaId}`, [
          {
            type: `crash.${command.step}-done`,
            version: 1,
            data: { sagaId: command.sagaId },
            metadata: eventMetadataFromContext(),
          },
        ]);
        executions += 1;
        emit({ kind: 'executed', n: executions, sagaId: command.sagaId, step: command.step });
        // Effect written, dispatched mark written, neither committed.
        freezeAt('in-command', executions);
      }),
    instanceId: config.instanceId,
    logger: reportingLogger,
  },
);
engine.register(saga);

let events = 0;
const handleEvent = engine.runtime.handleEvent.bind(engine.runtime);
engine.runtime.handleEvent = async (name, event) => {
  await handleEvent(name, event);
  events += 1;
  emit({ kind: 'event', n: events, type: event.type, streamId: event.streamId });
  // Instance changed and commands recorded, checkpoint not saved, nothing committed.
  freezeAt('in-event', events);
};

process.once('SIGTERM', async () => {
  await engine.stop();
  await eventStore.close();
  await orm.close();
  emit({ kind: 'stopped' });
  process.exit(0);
});

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line === 'start') {
    engine.start();
    emit({ kind: 'ready' });
  }
});
// The test's end of stdin closes when the test process goes away: do not outlive it.
commands.on('close', () => process.exit(2));

emit({ kind: 'loaded' });
