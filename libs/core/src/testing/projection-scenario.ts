import { deepStrictEqual } from 'node:assert/strict';
import { InMemoryReadModelStore } from '../adapters/memory/in-memory-read-model-store.adapter.js';
import type { StoredEvent } from '../domain/event-envelope.js';
import { logPosition } from '../domain/log-position.js';
import { compareStrings } from '../specification/scalar-order.js';
import type {
  ProjectionEventHandler,
  ProjectionHandlerContext,
  ProjectionHandlerMap,
} from '../ports/projection-handler.js';
import type {
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
} from '../ports/read-model-store.port.js';

export type { ProjectionEventHandler, ProjectionHandlerContext, ProjectionHandlerMap };

/** An event to feed the projection: a full `StoredEvent`, or only what the test cares about. */
export type ScenarioEvent = Partial<StoredEvent> & { readonly type: string };

/** Where the scenario runs. */
export interface ProjectionScenarioOptions {
  /** Collection the projection writes and the assertions read. */
  readonly collection: string;
  /** Tenant of events without `metadata.tenantId`, and of the assertions. @default 'tenant-1' */
  readonly tenantId?: string;
  /** Store to project into. @default a fresh `InMemoryReadModelStore` */
  readonly store?: ReadModelStore;
  /**
   * Throw when an event has no handler (otherwise it is skipped, like a real processor).
   * @default false
   */
  readonly failOnUnhandledEvents?: boolean;
}

const EPOCH = Date.UTC(2024, 0, 1);

/**
 * Given/when/then for projections, framework-agnostic (failures are `Error`s with a readable
 * diff):
 *
 * ```ts
 * await projectionScenario(orderSummaryHandlers, { collection: 'order_summary' })
 *   .given({ type: 'order.created', streamId: 'o1', data: { customerId: 'c1' } })
 *   .thenDocument('o1', { id: 'o1', customerId: 'c1', status: 'pending' });
 * ```
 *
 * Events get defaults: ids `event-<n>`, per-stream versions, positions `(n, n)` in the order
 * given, timestamps a second apart from 2024-01-01, the scenario's tenant.
 */
export function projectionScenario<T extends ReadModelDocument>(
  handlers: ProjectionHandlerMap<T>,
  options: ProjectionScenarioOptions,
): { given(...events: ScenarioEvent[]): ProjectionScenarioRun<T> } {
  return { given: (...events) => new ProjectionScenarioRun<T>(handlers, options, events) };
}

/** The "then" stage; awaiting it applies the events and yields the scenario's collection. */
export class ProjectionScenarioRun<T extends ReadModelDocument> implements PromiseLike<
  ReadModelCollection<T>
> {
  private readonly store: ReadModelStore;
  private readonly tenantId: string;
  private readonly events: StoredEvent[];
  private applied?: Promise<ReadModelCollection<T>>;

  constructor(
    private readonly handlers: ProjectionHandlerMap<T>,
    private readonly options: ProjectionScenarioOptions,
    events: readonly ScenarioEvent[],
  ) {
    this.store = options.store ?? new InMemoryReadModelStore();
    this.tenantId = options.tenantId ?? 'tenant-1';
    this.events = completeEvents(events, this.tenantId);
  }

  /** Applies the events (once) and passes the scenario's collection to `assertions`. */
  then<R1 = ReadModelCollection<T>, R2 = never>(
    assertions?: ((collection: ReadModelCollection<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.applied ??= this.project().then(() => this.collection(this.tenantId));
    return this.applied.then(assertions, onRejected);
  }

  /** Asserts that document `id` equals `expected` exactly (compared as JSON). */
  async thenDocument(id: string, expected: T): Promise<void> {
    const actual = await (await this).get(id);
    this.assertEqual(actual, toJson(expected), `Document "${id}"`);
  }

  /** Asserts that there is no document `id`. */
  async thenNoDocument(id: string): Promise<void> {
    const actual = await (await this).get(id);
    this.assertEqual(actual, undefined, `Document "${id}" (expected none)`);
  }

  /** Asserts that the collection holds exactly `expected` (in any order). */
  async thenDocuments(expected: readonly T[]): Promise<void> {
    const { items } = await (await this).find();
    const sorted = [...toJson(expected)].sort((a, b) => compareStrings(a.id, b.id));
    this.assertEqual(items, sorted, 'The documents');
  }

  /**
   * Redelivers every event and asserts that nothing changed: the handlers write with the
   * event's position (`context.at`), so replays and redeliveries are no-ops.
   */
  async thenIdempotent(): Promise<void> {
    await this;
    const tenants = [...new Set(this.events.map((event) => tenantOf(event, this.tenantId)))];
    const snapshot = () => Promise.all(tenants.map((t) => this.collection(t).find()));
    const before = await snapshot();
    await this.project();
    this.assertEqual(await snapshot(), before, 'After redelivering every event, the documents');
  }

  private collection(tenantId: string): ReadModelCollection<T> {
    return this.store.collection<T>(this.options.collection, { tenantId });
  }

  private async project(): Promise<void> {
    for (const [index, event] of this.events.entries()) {
      const handler = this.handlers[event.type];
      if (!handler) {
        if (this.options.failOnUnhandledEvents) {
          throw new Error(`No projection handler for event #${index + 1} of type "${event.type}".`);
        }
        continue;
      }
      const tenantId = tenantOf(event, this.tenantId);
      const context: ProjectionHandlerContext<T> = {
        collection: this.collection(tenantId),
        store: this.store,
        tenantId,
        position: event.position,
        at: { position: event.position },
      };
      try {
        await handler.call(this.handlers, event, context);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Projection handler for "${event.type}" failed on event #${index + 1} ` +
            `(stream "${event.streamId}"): ${reason}`,
          { cause: error },
        );
      }
    }
  }

  private assertEqual(actual: unknown, expected: unknown, subject: string): void {
    try {
      // Compared as JSON (what the store holds), which also ignores which realm built the objects.
      deepStrictEqual(toJson(actual), toJson(expected));
    } catch (error) {
      const where = `collection "${this.options.collection}", tenant "${this.tenantId}"`;
      throw new Error(`${subject} (${where}) did not match:\n${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

function tenantOf(event: StoredEvent, fallback: string): string {
  const tenantId = event.metadata.tenantId;
  return typeof tenantId === 'string' && tenantId.length > 0 ? tenantId : fallback;
}

function toJson<V>(value: V): V {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as V);
}

function completeEvents(events: readonly ScenarioEvent[], tenantId: string): StoredEvent[] {
  const streamVersions = new Map<string, number>();
  return events.map((event, index) => {
    const streamId = event.streamId ?? 'stream-1';
    const streamVersion = event.streamVersion ?? (streamVersions.get(streamId) ?? 0) + 1;
    streamVersions.set(streamId, streamVersion);
    const timestamp = new Date(EPOCH + index * 1000).toISOString();
    return {
      eventId: event.eventId ?? `event-${index + 1}`,
      type: event.type,
      version: event.version ?? 1,
      streamId,
      streamVersion,
      occurredAt: event.occurredAt ?? timestamp,
      recordedAt: event.recordedAt ?? timestamp,
      data: event.data ?? {},
      metadata: { tenantId, ...event.metadata },
      position: event.position ?? logPosition(index + 1, index + 1),
    };
  });
}
