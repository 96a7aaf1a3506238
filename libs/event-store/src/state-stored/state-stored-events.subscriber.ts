import {
  clearPendingEvents,
  eventMetadataFromContext,
  pendingEventsOf,
  type EventStore,
  type EventTypeRegistry,
  type StreamAppend,
} from '@cqrs-ddd/core';
import {
  TransactionContext,
  wrap,
  type EntityManager,
  type EventSubscriber,
  type FlushEventArgs,
  type TransactionEventArgs,
  type UnitOfWork,
} from '@mikro-orm/core';
import { aggregateTypeOf, type AggregateClass } from '../repository/aggregate-class.js';

const hasPendingEvents = (entity: object) => pendingEventsOf(entity).length > 0;

/**
 * Appends the domain events recorded on MikroORM entities (`StateStoredAggregateRoot.record`,
 * or `recordEvent(entity, event)`) to the event log, in the same database transaction as the
 * entity changes, then clears them. Registered on the app's MikroORM by `EventStoreModule`
 * (driver `'postgres'`, `stateStoredEvents: true`).
 *
 * - Inside a transaction (`em.transactional`, the pipeline's unit of work): appended right after
 *   the flush wrote the entities, before the transaction commits.
 * - A flush outside any transaction (MikroORM wraps its writes in an implicit transaction):
 *   appended in that transaction, just before it commits.
 * - Either way the commit or rollback covers both. Optimistic concurrency comes from the
 *   entity's version property (`@Property({ version: true })`): a stale entity fails the flush
 *   with MikroORM's `OptimisticLockError` and nothing is appended.
 *
 * Each entity is a stream: id = its serialised primary key, type = its class's
 * `static aggregateType`; appends use expected version `'any'` (the entity version already
 * serialises writers). Metadata comes from the request context.
 */
export class StateStoredEventsSubscriber implements EventSubscriber {
  // Entities with recorded events, per flushing unit of work, until they are appended.
  private readonly pending = new WeakMap<UnitOfWork, Set<object>>();
  private attached = true;

  constructor(
    private readonly eventStore: EventStore,
    private readonly registry: EventTypeRegistry,
  ) {}

  /**
   * Makes the subscriber inert (MikroORM cannot unregister subscribers); called when the event
   * store shuts down while the ORM lives on.
   */
  detach(): void {
    this.attached = false;
  }

  onFlush({ uow }: FlushEventArgs): void {
    // Whatever an earlier, failed flush of this unit of work left behind is not this flush's.
    this.pending.delete(uow);
    if (!this.attached) return;
    const entities = new Set<object>();
    for (const changeSet of uow.getChangeSets()) {
      if (hasPendingEvents(changeSet.entity)) entities.add(changeSet.entity);
    }
    // Entities that recorded events without any state change have no change set.
    for (const entity of uow.getIdentityMap()) {
      if (hasPendingEvents(entity)) entities.add(entity);
    }
    if (entities.size === 0) return;
    // Fail before anything is written when a class cannot be stored.
    for (const entity of entities) aggregateTypeOf(entity.constructor as AggregateClass);
    this.pending.set(uow, entities);
  }

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    // Still pending: the flush ran inside the caller's transaction (not committed yet), or
    // needed no transaction at all; either way `em` is where the events belong.
    await this.append(uow, em);
  }

  async beforeTransactionCommit({ em, uow, transaction }: TransactionEventArgs): Promise<void> {
    if (uow === undefined || transaction === undefined || !this.pending.has(uow)) return;
    // The flush's implicit transaction: bind a fork to it so the store writes there.
    const bound = em.fork({ clear: false });
    bound.setTransactionContext(transaction);
    await this.append(uow, bound);
  }

  private async append(uow: UnitOfWork, em: EntityManager): Promise<void> {
    const entities = this.pending.get(uow);
    if (entities === undefined) return;
    this.pending.delete(uow);
    const metadata = eventMetadataFromContext();
    const batches = [...entities].map((entity): StreamAppend => ({
      streamId: wrap(entity, true).getSerializedPrimaryKey(),
      streamType: aggregateTypeOf(entity.constructor as AggregateClass),
      expectedVersion: 'any',
      events: pendingEventsOf(entity).map((event) => ({
        ...this.registry.serialize(event),
        metadata,
      })),
    }));
    await TransactionContext.create(em, () => this.eventStore.appendToStreams(batches));
    for (const entity of entities) clearPendingEvents(entity);
  }
}
