import {
  ConcurrencyError,
  currentRequestContext,
  eventMetadataFromContext,
  NotFoundError,
  type AppendResult,
  type Clock,
  type DomainEvent,
  type EventStore,
  type EventTypeRegistry,
  type Snapshot,
  type SnapshotStore,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { InvalidAggregateClassError } from '../errors/invalid-aggregate-class.error.js';
import type { BackgroundSnapshotWriter } from '../snapshots/background-snapshot-writer.js';
import type { SnapshotMode, SnapshotStrategy } from '../snapshots/snapshot-strategy.js';
import { waitForStreamVersion } from '../snapshots/wait-for-stream-version.js';
import type { EventDeserializer } from '../upcasting/event-deserializer.js';
import {
  streamIdOf,
  type AggregateClass,
  type AggregateIdOf,
  type AnyAggregateRoot,
} from './aggregate-class.js';

/** Options of {@link AggregateRepository.save}. */
export interface SaveOptions {
  /**
   * The aggregate version the caller based its change on (e.g. an HTTP `If-Match`); a
   * different version than the one the aggregate was loaded at fails with `ConcurrencyError`
   * before anything is written. The append itself always expects the loaded stream version.
   * @default the aggregate's `committedVersion`
   */
  readonly expectedVersion?: number;
}

/** Snapshot settings of one repository, resolved (see `AggregateSnapshotOptions`). */
export interface RepositorySnapshotSettings {
  readonly strategy: SnapshotStrategy;
  readonly revision: number;
  readonly mode: SnapshotMode;
}

/** What one aggregate's repository is configured with. */
export interface AggregateRepositorySettings<T extends AnyAggregateRoot> {
  readonly aggregateClass: AggregateClass<T>;
  /** Stable stream type, e.g. `Order`. */
  readonly aggregateType: string;
  /** Creates an empty aggregate to load history into. */
  readonly create: (id: AggregateIdOf<T>) => T;
  /** `undefined`: this aggregate is never snapshotted. */
  readonly snapshots: RepositorySnapshotSettings | undefined;
}

/** The services a repository works with (provided by `EventStoreModule`). */
export interface AggregateRepositoryDependencies {
  readonly eventStore: EventStore;
  readonly snapshotStore: SnapshotStore;
  readonly registry: EventTypeRegistry;
  readonly deserializer: EventDeserializer;
  /** Makes the append and an inline snapshot one atomic unit (joins the caller's unit). */
  readonly unitOfWork: UnitOfWork;
  readonly snapshotWriter: BackgroundSnapshotWriter;
  readonly clock: Clock;
}

interface Tracking {
  /** Stream events the aggregate did not see (skipped unknown types). */
  readonly skipped: number;
  /** Stream version of the snapshot of the current revision it was loaded from or saved with. */
  readonly snapshotVersion: number;
}

const NEW: Tracking = { skipped: 0, snapshotVersion: 0 };
const LOAD_BATCH = 256;

/**
 * Loads and saves one type of event-sourced aggregate: `load` rebuilds it from its latest
 * usable snapshot plus the events after it (upcast, rehydrated); `save` appends its uncommitted
 * events — with metadata from the request context — under optimistic concurrency, snapshots
 * per the configured strategy, then marks the events committed. Inject one with
 * `@InjectAggregateRepository(Order)` after `EventStoreModule.forFeature([Order])`.
 */
export class AggregateRepository<T extends AnyAggregateRoot> {
  readonly #tracking = new WeakMap<T, Tracking>();

  constructor(
    private readonly settings: AggregateRepositorySettings<T>,
    private readonly deps: AggregateRepositoryDependencies,
  ) {}

  /** Stable stream type of the aggregates this repository stores. */
  get aggregateType(): string {
    return this.settings.aggregateType;
  }

  /**
   * The aggregate with this id.
   * @throws NotFoundError when its stream has no events
   */
  async load(id: AggregateIdOf<T>): Promise<T> {
    const aggregate = await this.loadOrNull(id);
    if (aggregate === null) throw new NotFoundError(this.settings.aggregateType, streamIdOf(id));
    return aggregate;
  }

  /**
   * The aggregate with this id, or `null` when it has no events, its stream is of another type,
   * or — inside a request context with a tenant — its events belong to another tenant (another
   * tenant's aggregate does not exist for the caller: a 404, never a 403).
   */
  async loadOrNull(id: AggregateIdOf<T>): Promise<T | null> {
    const streamId = streamIdOf(id);
    const tenantId = currentRequestContext()?.tenantId;
    const snapshot = await this.#usableSnapshot(streamId);
    const aggregate = this.settings.create(id);
    if (snapshot) aggregate.loadFromSnapshot({ version: snapshot.version, state: snapshot.state });
    let streamVersion = snapshot?.version ?? 0;
    let batch: DomainEvent[] = [];
    const fromVersion = streamVersion + 1;
    for await (const stored of this.deps.eventStore.readStream(streamId, { fromVersion })) {
      // The id belongs to another kind of aggregate: there is no such aggregate of this type.
      if (stored.streamType !== undefined && stored.streamType !== this.settings.aggregateType) {
        return null;
      }
      if (tenantId !== undefined && stored.metadata.tenantId !== tenantId) return null;
      streamVersion = stored.streamVersion;
      const event = this.deps.deserializer.deserialize(stored);
      if (event !== undefined) batch.push(event);
      if (batch.length === LOAD_BATCH) {
        aggregate.loadFromHistory(batch);
        batch = [];
      }
    }
    if (streamVersion === 0) return null;
    // Loaded from a snapshot alone: its first event says whose it is.
    if (tenantId !== undefined && streamVersion === snapshot?.version) {
      if (!(await this.#belongsTo(streamId, tenantId))) return null;
    }
    aggregate.loadFromHistory(batch);
    this.#tracking.set(aggregate, {
      skipped: streamVersion - aggregate.version,
      snapshotVersion: snapshot?.version ?? 0,
    });
    return aggregate;
  }

  /**
   * Appends the aggregate's uncommitted events (nothing to do when there are none), with the
   * stream version it was loaded at as the expected version, and marks them committed.
   * @throws ConcurrencyError when the stream moved on since loading, or `expectedVersion` differs
   * @throws UnknownEventTypeError (core) when an event's class is not registered
   */
  async save(aggregate: T, options: SaveOptions = {}): Promise<AppendResult> {
    this.#assertOwn(aggregate);
    const streamId = streamIdOf(aggregate.id);
    const tracking = this.#tracking.get(aggregate) ?? NEW;
    const { expectedVersion } = options;
    if (expectedVersion !== undefined && expectedVersion !== aggregate.committedVersion) {
      throw new ConcurrencyError(streamId, expectedVersion, aggregate.committedVersion);
    }
    const previousVersion = aggregate.committedVersion + tracking.skipped;
    const events = aggregate.uncommittedEvents;
    if (events.length === 0) {
      return { streamId, streamVersion: previousVersion, position: null, events: [] };
    }

    const metadata = eventMetadataFromContext();
    const newEvents = events.map((event) => ({ ...this.deps.registry.serialize(event), metadata }));
    const version = previousVersion + events.length;
    const snapshots = this.settings.snapshots;
    const snapshotDue =
      snapshots?.strategy.shouldSnapshot({
        aggregateType: this.settings.aggregateType,
        streamId,
        version,
        previousVersion,
        snapshotVersion: tracking.snapshotVersion,
        events,
      }) ?? false;
    const inline = snapshotDue && snapshots?.mode === 'inline';

    const result = await this.deps.unitOfWork.run(async () => {
      const appended = await this.deps.eventStore.append(streamId, newEvents, {
        expectedVersion: previousVersion,
        streamType: this.settings.aggregateType,
      });
      if (inline) await this.#saveSnapshot(streamId, appended.streamVersion, aggregate);
      return appended;
    });
    aggregate.markCommitted();
    if (inline) {
      this.#tracking.set(aggregate, { ...tracking, snapshotVersion: result.streamVersion });
    } else if (snapshotDue) {
      this.#snapshotInBackground(aggregate.id, streamId, result.streamVersion);
    }
    return result;
  }

  async #belongsTo(streamId: string, tenantId: string): Promise<boolean> {
    for await (const first of this.deps.eventStore.readStream(streamId, { maxCount: 1 })) {
      return first.metadata.tenantId === tenantId;
    }
    return false;
  }

  async #usableSnapshot(streamId: string): Promise<Snapshot | null> {
    const { snapshots, aggregateType } = this.settings;
    if (snapshots === undefined) return null;
    const snapshot = await this.deps.snapshotStore.load(streamId);
    if (snapshot === null) return null;
    // Another revision's state has another shape: rebuilding from events is the safe answer.
    const usable = snapshot.type === aggregateType && snapshot.schemaVersion === snapshots.revision;
    return usable ? snapshot : null;
  }

  async #saveSnapshot(streamId: string, version: number, aggregate: T): Promise<void> {
    await this.deps.snapshotStore.save({
      streamId,
      version,
      type: this.settings.aggregateType,
      schemaVersion: this.settings.snapshots!.revision,
      state: aggregate.takeSnapshot().state,
      takenAt: this.deps.clock.now().toISOString(),
    });
  }

  /**
   * Once the save's transaction committed, rebuilds the aggregate from committed events and
   * snapshots it (detached from the caller's transaction, so never from uncommitted state).
   */
  #snapshotInBackground(id: AggregateIdOf<T>, streamId: string, savedVersion: number): void {
    const { snapshotWriter, eventStore } = this.deps;
    const key = `${this.settings.aggregateType}:${streamId}`;
    snapshotWriter.schedule(key, async (signal) => {
      const timeoutMs = snapshotWriter.commitTimeoutMs;
      const committed = await waitForStreamVersion(eventStore, streamId, savedVersion, {
        signal,
        timeoutMs,
      });
      if (!committed) return;
      const aggregate = await this.loadOrNull(id);
      if (aggregate === null) return;
      const tracking = this.#tracking.get(aggregate) ?? NEW;
      const version = aggregate.version + tracking.skipped;
      if (version > tracking.snapshotVersion) {
        await this.#saveSnapshot(streamId, version, aggregate);
      }
    });
  }

  #assertOwn(aggregate: T): void {
    const { aggregateClass, aggregateType } = this.settings;
    if (!(aggregate instanceof aggregateClass)) {
      const name = (aggregate as object | null)?.constructor?.name ?? String(aggregate);
      throw new InvalidAggregateClassError(
        name,
        `this repository stores ${aggregateType} aggregates (${aggregateClass.name}); use the repository of ${name}.`,
      );
    }
  }
}
