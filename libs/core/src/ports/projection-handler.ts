import type { LogPosition, StoredEvent } from '../domain/event-envelope.js';
import type {
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  ReadModelWriteOptions,
} from './read-model-store.port.js';

/** What a projection handler receives besides the event. */
export interface ProjectionHandlerContext<T extends ReadModelDocument> {
  /** The projection's collection, scoped to the event's tenant. */
  readonly collection: ReadModelCollection<T>;
  /** The whole store, for projections that write several collections. */
  readonly store: ReadModelStore;
  /** The event's tenant (`metadata.tenantId`, or the projection's default tenant). */
  readonly tenantId: string;
  /** The event's log position. */
  readonly position: LogPosition;
  /** `{ position }`, ready to pass to the collection's writes. */
  readonly at: ReadModelWriteOptions;
}

/** Applies one event to the read model. */
export type ProjectionEventHandler<T extends ReadModelDocument> = (
  event: StoredEvent,
  context: ProjectionHandlerContext<T>,
) => Promise<void> | void;

/**
 * Handlers by event type (`'order.created'`). Any projection shape fits: an object literal, or
 * a map built from a class's methods (`{ 'order.created': (e, c) => p.onCreated(e, c) }`).
 * Handlers are called as methods of the map, so `this` is the map.
 */
export type ProjectionHandlerMap<T extends ReadModelDocument> = Readonly<
  Record<string, ProjectionEventHandler<T>>
>;
