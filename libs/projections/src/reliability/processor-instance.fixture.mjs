// A processor instance in a process of its own, for the crash and takeover tests
// (ProcessorChild in processor-child.fixture.ts starts it). Runs on the built libraries (`dist`).
//
//   node processor-instance.fixture.mjs '<ChildConfig as JSON>'
//
// Reports on stdout, one JSON object a line: `ready`, `batch` (a batch starts), `handling` (an
// event is about to be applied), `committed` (a checkpoint was saved), `frozen` (the process
// stops itself with SIGSTOP right after this line, at the configured point), `log`, `stopped`.
// SIGTERM stops the engine gracefully; the end of stdin ends the process.
import {
  emit,
  freeze,
  openChildOrm,
  reportingLogger,
} from '../../../../.ci/jest/child-support.mjs';
import { partitionOfStream, ProjectionBatchExecutor } from '@cqrs-ddd/projections';
import {
  createLedgerStack,
  LEDGER_COLLECTION,
  LEDGER_PROJECTION,
  LEDGER_SQL,
  LedgerProjection,
  LedgerSqlProcessor,
  RUN_OPTIONS,
} from './ledger.fixture.mjs';

const config = JSON.parse(process.argv[2]);

function matches(point, wanted) {
  return Object.entries(wanted).every(([key, value]) => point[key] === value);
}

/** Batch and event counters of each partition of each processor, in this process. */
const progress = new Map();

/** Wraps `processor` to report its batches and, through `onEvent`, each event it applies. */
function instrumented(processor, partitions) {
  const tracker = (partition) => {
    const key = `${processor.name}:${partition}`;
    if (!progress.has(key)) progress.set(key, { batch: 0, index: 0, commits: 0 });
    return progress.get(key);
  };
  return {
    wrapped: {
      name: processor.name,
      filter: processor.filter,
      handleBatch(events, context) {
        const state = tracker(context.partition);
        state.batch += 1;
        state.index = 0;
        emit({
          kind: 'batch',
          processor: processor.name,
          partition: context.partition,
          batch: state.batch,
          size: events.length,
          first: events[0].position,
          last: events.at(-1).position,
        });
        return processor.handleBatch(events, context);
      },
    },
    onEvent(event) {
      const partition = partitionOfStream(event.streamId, partitions);
      const state = tracker(partition);
      state.index += 1;
      const point = {
        processor: processor.name,
        partition,
        batch: state.batch,
        index: state.index,
      };
      emit({ kind: 'handling', ...point, eventId: event.eventId });
      if (config.freezeAt && matches(point, config.freezeAt)) freeze(point);
    },
    onCommitted(saved) {
      const state = tracker(saved.partition);
      state.commits += 1;
      const point = {
        processor: processor.name,
        partition: saved.partition,
        commits: state.commits,
      };
      emit({ kind: 'committed', ...point, position: saved.position, handled: saved.handled });
      if (config.freezeAfterCommit && matches(point, config.freezeAfterCommit)) freeze(point);
    },
  };
}

const orm = await openChildOrm({
  databaseUrl: config.databaseUrl,
  applicationName: config.applicationName,
  poolMax: 6,
});
const stack = createLedgerStack(orm.em, { ...config, logger: reportingLogger });
const run = { ...RUN_OPTIONS, ...config.run, unitOfWork: stack.unitOfWork };

function register(processor, partitions, attach) {
  const instrument = instrumented(processor, partitions);
  attach(instrument.onEvent);
  const handle = stack.engine.register(instrument.wrapped, { ...run, partitions });
  handle.onProgress(instrument.onCommitted);
}

const partitions = config.partitions ?? {};
if (config.processors.includes(LEDGER_SQL)) {
  const sql = new LedgerSqlProcessor({
    em: orm.em,
    schema: config.projectionsSchema,
    handledBy: config.instanceId,
    delayMs: config.delayMs,
  });
  register(sql, partitions[LEDGER_SQL] ?? 1, (onEvent) => (sql.onEvent = onEvent));
}
if (config.processors.includes(LEDGER_PROJECTION)) {
  const projection = new LedgerProjection({ delayMs: config.delayMs });
  const executor = new ProjectionBatchExecutor(projection, {
    processorName: LEDGER_PROJECTION,
    collection: LEDGER_COLLECTION,
    store: stack.readModels,
  });
  register(executor, partitions[LEDGER_PROJECTION] ?? 1, (onEvent) => {
    projection.onEvent = onEvent;
  });
}

process.once('SIGTERM', async () => {
  await stack.engine.stopAll();
  await stack.eventStore.close();
  await orm.close();
  emit({ kind: 'stopped' });
  process.exit(0);
});

// The test's end of stdin closes when the test process goes away: do not outlive it.
process.stdin.on('end', () => process.exit(2)).resume();

stack.engine.startAll();
emit({ kind: 'ready', instanceId: config.instanceId });
