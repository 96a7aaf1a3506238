import type { LogPosition } from '../domain/event-envelope.js';
import { isLogPosition } from '../domain/log-position.js';
import { isPlainObject } from '../domain/structural-equality.js';
import { MissingContextError } from '../errors/missing-context.error.js';
import { ValidationError } from '../errors/validation.error.js';
import type { Page, QueryOptions } from '../specification/query-options.js';
import type { SpecInput } from '../specification/spec-input.js';

/** What a read model stores: a JSON document keyed by `id`. */
export interface ReadModelDocument {
  readonly id: string;
}

/**
 * The tenant a collection handle is bound to: a fixed id, or a function called on every
 * operation (e.g. reading the tenant from the request context), so one handle can serve all
 * requests. Tenant-agnostic read models use a fixed id of their choosing.
 */
export type TenantSource = string | (() => string | undefined);

/** How a collection handle is scoped. */
export interface ReadModelCollectionOptions {
  /** The only tenant whose documents the handle reads and writes. */
  readonly tenantId: TenantSource;
}

/** Every write carries the log position of the event that caused it. */
export interface ReadModelWriteOptions {
  /** Position of the event being applied; older or equal to the stored one → no-op. */
  readonly position: LogPosition;
}

/**
 * A change to one document: properties to merge shallowly (an `undefined` value removes the
 * property), or a synchronous function given a private copy of the document that either
 * returns the next document or mutates the copy and returns nothing. The id cannot change.
 */
export type ReadModelPatch<T extends ReadModelDocument> =
  Partial<Omit<T, 'id'>> | ((draft: T) => T | void);

/**
 * Read-model storage: named collections of JSON documents, each document keyed by `id`
 * within a tenant. Obtain a tenant-scoped handle with {@link ReadModelStore.collection}.
 */
export abstract class ReadModelStore {
  /**
   * A handle on collection `name` (letters, digits and `_`, starting with a letter) scoped to
   * one tenant: it never reads or writes another tenant's documents. Handles are cheap.
   */
  abstract collection<T extends ReadModelDocument>(
    name: string,
    options: ReadModelCollectionOptions,
  ): ReadModelCollection<T>;

  /** Removes collection `name` for every tenant, with its positions (full rebuilds). */
  abstract dropCollection(name: string): Promise<void>;
}

/**
 * One tenant's view of a collection. Documents are stored as JSON: reads return copies in
 * which `Date`s have become ISO strings and `undefined` properties are gone.
 *
 * Idempotency by position (DESIGN.md §7): each document remembers the log position of the
 * last write applied to it; a write whose position is not strictly greater is a no-op that
 * resolves `false`, so redelivered and replayed events change nothing. A delete leaves a
 * tombstone with its position, so a redelivered older upsert does not resurrect the document.
 */
export abstract class ReadModelCollection<T extends ReadModelDocument> {
  /** Collection name. */
  readonly name: string;
  private readonly tenant: TenantSource;

  protected constructor(name: string, options: ReadModelCollectionOptions) {
    this.name = assertCollectionName(name);
    this.tenant = options.tenantId;
  }

  /** The document with `id`, or `undefined`. */
  abstract get(id: string): Promise<T | undefined>;

  /**
   * One page of documents (see {@link QueryOptions}: filter, sort with `id` tie-breaker,
   * limit, offset or cursor, `fields` projection — projected items hold only those paths).
   */
  abstract find(options?: QueryOptions<T>): Promise<Page<T>>;

  /** How many documents match `filter` (all of the tenant's when absent). */
  abstract count(filter?: SpecInput): Promise<number>;

  /** Inserts or replaces the whole document; `false` when the position is not newer. */
  abstract upsert(document: T, options: ReadModelWriteOptions): Promise<boolean>;

  /** Changes an existing document; `false` when it does not exist or the position is not newer. */
  abstract update(
    id: string,
    patch: ReadModelPatch<T>,
    options: ReadModelWriteOptions,
  ): Promise<boolean>;

  /**
   * Deletes the document, leaving a tombstone at `position` (recorded even when no document
   * exists). `true` only when a document was removed; `false` when absent or not newer.
   */
  abstract delete(id: string, options: ReadModelWriteOptions): Promise<boolean>;

  /** Removes all of this tenant's documents and tombstones (rebuild of one tenant). */
  abstract deleteAll(): Promise<void>;

  /** The tenant for the current operation; throws `MissingContextError` when there is none. */
  protected tenantId(): string {
    const tenantId = typeof this.tenant === 'function' ? this.tenant() : this.tenant;
    if (typeof tenantId !== 'string' || tenantId.length === 0) {
      throw new MissingContextError('tenantId');
    }
    return tenantId;
  }
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** Returns `name` when it is a valid collection name; throws a `ValidationError` otherwise. */
export function assertCollectionName(name: string): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw ValidationError.of(
      'collection',
      `must be 1-63 letters, digits or "_" starting with a letter, got ${JSON.stringify(name)}`,
      'isCollectionName',
    );
  }
  return name;
}

/** Throws a `ValidationError` unless `id` is a non-empty string. */
export function assertDocumentId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw ValidationError.of('id', 'must be a non-empty string', 'isNotEmpty');
  }
}

/** Throws a `ValidationError` unless `options.position` is a canonical `LogPosition`. */
export function assertWritePosition(options: ReadModelWriteOptions | undefined): LogPosition {
  if (!isLogPosition(options?.position)) {
    throw ValidationError.of(
      'position',
      'must be a LogPosition of decimal strings (the position of the event being applied)',
      'isLogPosition',
    );
  }
  return options.position;
}

/**
 * The document as JSON would store it (Dates → ISO strings, `undefined` dropped), checked to
 * be an object with a valid `id`. Adapters store this form so all of them read back alike.
 */
export function toStoredDocument<T extends ReadModelDocument>(document: T): T {
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(document)) as unknown;
  } catch (error) {
    throw new ValidationError([
      {
        path: '',
        message: `must be JSON-serialisable: ${(error as Error).message}`,
        rule: 'isJson',
      },
    ]);
  }
  if (!isPlainObject(json)) {
    throw ValidationError.of('', 'a read-model document must be an object', 'isObject');
  }
  assertDocumentId(json.id);
  return json as unknown as T;
}

/** Applies `patch` to a copy of `current`; throws a `ValidationError` if it changes the id. */
export function applyReadModelPatch<T extends ReadModelDocument>(
  current: T,
  patch: ReadModelPatch<T>,
): T {
  const draft = structuredClone(current);
  const next = typeof patch === 'function' ? (patch(draft) ?? draft) : { ...draft, ...patch };
  const stored = toStoredDocument(next);
  if (stored.id !== current.id) {
    throw ValidationError.of(
      'id',
      `cannot change from "${current.id}" to "${stored.id}"`,
      'immutable',
    );
  }
  return stored;
}
