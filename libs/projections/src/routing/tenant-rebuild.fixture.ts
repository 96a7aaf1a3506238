// Test fixture (not part of the public API): instances of one app sharing in-memory stores.
import {
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryLockStrategy,
  SHARED_STORAGE_TARGET,
} from '@cqrs-ddd/core';
import type { ProjectionsInfrastructure } from '../module/projections-infrastructure.js';
import { type Balance, BalanceProjection } from '../module/projections-module.fixture.js';
import { InMemoryParkedEventStore } from '../processor/in-memory-parked-event.store.js';
import { InMemoryProcessorSuspensionStore } from '../processor/in-memory-processor-suspension.store.js';
import { RecordingLogger } from '../processor/processor-engine.fixture.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import { InMemoryProjectionStateStore } from '../projection/in-memory-projection-state.store.js';
import { Projection } from '../projection/projection.decorator.js';
import { RoundTripReadModelStore } from '../projection/projection-runtime.fixture.js';
import { ProjectionTargets } from './projection-targets.js';
import { TargetProjections } from './target-projections.js';

/**
 * The balances projection as `ledger`, over three partitions and small batches; a deposit of 13
 * fails while `BalanceProjection.refuseThirteen`.
 */
@Projection({
  name: 'ledger',
  version: 1,
  partitions: 3,
  batchSize: 4,
  idlePollMs: 50,
  leaseTtlMs: 600,
  leaseRetryMs: 20,
  retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 2 },
})
export class LedgerProjection extends BalanceProjection {}

/** The log and the stores every instance of the app shares. */
export class SharedLedgerStores {
  readonly eventStore = new InMemoryEventStore();
  readonly logger = new RecordingLogger();
  readonly infrastructure: ProjectionsInfrastructure = {
    readModels: new RoundTripReadModelStore(),
    checkpoints: new InMemoryCheckpointStore(),
    locks: new InMemoryLockStrategy(),
    parked: new InMemoryParkedEventStore(),
    suspensions: new InMemoryProcessorSuspensionStore(),
    states: new InMemoryProjectionStateStore(),
  };
  private readonly instances: ProjectionTargets[] = [];

  /** A new instance of the app: its own engine and the ledger projection, on the shared target. */
  instance(): ProjectionTargets {
    const { eventStore, infrastructure, logger } = this;
    const { checkpoints, locks, parked, suspensions } = infrastructure;
    const engine = new ProcessorEngine({
      eventStore,
      checkpoints,
      locks,
      parked,
      suspensions,
      logger,
    });
    const options = { store: 'memory', stateRefreshMs: 20, dropDelayMs: 0 } as const;
    const shared = new TargetProjections(
      { target: SHARED_STORAGE_TARGET, infrastructure, engine, eventStore },
      options,
    );
    const targets = new ProjectionTargets(shared, { options, sources: {}, logger });
    targets.register(new LedgerProjection());
    this.instances.push(targets);
    return targets;
  }

  /** Every document of `tenantId` in the ledger's first generation, by id. */
  async documents(tenantId: string): Promise<Balance[]> {
    const collection = this.infrastructure.readModels.collection<Balance>('ledger_g1', {
      tenantId,
    });
    return (await collection.find({ limit: 1_000 })).items;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop()));
  }
}
