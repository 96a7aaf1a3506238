import { currentRequestContext } from '../context/request-context-scope.js';
import { CacheValueTooLargeError } from '../errors/cache-value-too-large.error.js';
import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';

/** Configuration every cache adapter accepts. */
export interface CacheOptions {
  /**
   * Prefix isolating this cache's keys and tags from other caches on the same backend
   * (e.g. `orders`). Required: a shared Redis must never mix applications' entries.
   */
  readonly namespace: string;
  /**
   * Called on every operation to scope keys and tags. Entries of different scopes never see
   * each other; `undefined` is its own (unscoped) scope, distinct from every string scope
   * including `''`. The default keeps tenants apart: no tenant ever reads, deletes or
   * invalidates another tenant's entries. Pass `() => undefined` for a cache shared by all
   * tenants (e.g. of platform-wide reference data).
   * @default the request context's tenant (`currentRequestContext()?.tenantId`)
   */
  readonly keyScope?: () => string | undefined;
  /**
   * Largest accepted value, measured as the UTF-8 byte length of its JSON.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxValueBytes?: number;
  /**
   * Time to live of entries written without `ttlMs`.
   * @default no expiry
   */
  readonly defaultTtlMs?: number;
}

/** Options of {@link Cache.set} and {@link Cache.getOrLoad}. */
export interface CacheSetOptions {
  /** Time to live in ms (positive integer). @default `CacheOptions.defaultTtlMs` */
  readonly ttlMs?: number;
  /** Tags for group invalidation with {@link Cache.deleteByTag} (scoped like keys). @default [] */
  readonly tags?: readonly string[];
}

/** What adapters store for one entry, after scoping and serialisation. */
export interface CacheEntryWrite {
  /** JSON of the value. */
  readonly payload: string;
  /** Time to live in ms; absent for no expiry. */
  readonly ttlMs?: number;
  /** Storage tags (already namespaced and scoped). */
  readonly tags: readonly string[];
}

/** A `getOrLoad` in progress, shared by concurrent callers of the same storage key. */
interface Flight {
  readonly tags: ReadonlySet<string>;
  /** Set when the key is written, deleted or tag-invalidated meanwhile: do not cache. */
  invalidated: boolean;
  promise?: Promise<unknown>;
}

const DEFAULT_MAX_VALUE_BYTES = 1_048_576;
const MAX_KEY_LENGTH = 1_024;
const utf8 = new TextEncoder();

/**
 * Key-value cache with TTLs, tag invalidation and single-flight loading.
 *
 * Values round-trip as JSON: what you get back is `JSON.parse(JSON.stringify(value))`, so a
 * `Date` comes back as its ISO string, `undefined` properties disappear, and every read
 * returns a fresh copy. `get` resolves `undefined` for a miss and `null` for a cached `null`;
 * `undefined` itself cannot be cached. This class holds every semantic rule (validation,
 * scoping, serialisation, single-flight, invalidation of in-flight loads); adapters only
 * store strings through the protected `*Entry` methods.
 */
export abstract class Cache {
  private readonly namespace: string;
  private readonly keyScope: () => string | undefined;
  private readonly maxValueBytes: number;
  private readonly defaultTtlMs: number | undefined;
  private readonly flights = new Map<string, Flight>();

  protected constructor(options: CacheOptions) {
    const issues: ValidationIssue[] = [];
    if (typeof options.namespace !== 'string' || options.namespace.length === 0) {
      issues.push({ path: 'namespace', message: 'must be a non-empty string', rule: 'isNotEmpty' });
    }
    const { maxValueBytes, defaultTtlMs } = options;
    if (
      maxValueBytes !== undefined &&
      !(Number.isSafeInteger(maxValueBytes) && maxValueBytes > 0)
    ) {
      issues.push({
        path: 'maxValueBytes',
        message: 'must be a positive integer',
        rule: 'isPositive',
      });
    }
    issues.push(...ttlIssues(defaultTtlMs, 'defaultTtlMs'));
    if (issues.length > 0) throw new ValidationError(issues);
    this.namespace = encodeURIComponent(options.namespace);
    this.keyScope = options.keyScope ?? (() => currentRequestContext()?.tenantId);
    this.maxValueBytes = maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.defaultTtlMs = defaultTtlMs;
  }

  /** The cached value, or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const payload = await this.readEntry(this.storageKey(key, 'key'));
    return payload === undefined ? undefined : (JSON.parse(payload) as T);
  }

  /**
   * Stores `value`, replacing any previous value, TTL and tags of `key`.
   * @throws ValidationError for an invalid key/option or a value JSON cannot represent
   * (`undefined`, a function, a BigInt, a cycle).
   * @throws CacheValueTooLargeError above `maxValueBytes`.
   */
  async set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    const storageKey = this.storageKey(key, 'key');
    const write = this.prepareWrite(key, value, options);
    this.invalidateFlight(storageKey);
    await this.writeEntry(storageKey, write);
  }

  /** Removes `key`; resolves whether a live (unexpired) entry was removed. */
  async delete(key: string): Promise<boolean> {
    const storageKey = this.storageKey(key, 'key');
    this.invalidateFlight(storageKey);
    return this.removeEntry(storageKey);
  }

  /** Removes every entry of the current scope tagged `tag`. */
  async deleteByTag(tag: string): Promise<void> {
    const storageTag = this.storageKey(tag, 'tag');
    for (const [storageKey, flight] of this.flights) {
      if (flight.tags.has(storageTag)) this.invalidateFlight(storageKey);
    }
    await this.removeTagged(storageTag);
  }

  /**
   * The cached value of `key`, or else `loader()`'s value, cached with `options` and returned
   * in its JSON form. Concurrent calls for the same scoped key share one load (single-flight,
   * per cache instance): a caller joining a load in progress gets its result, and its own
   * loader and options are not used.
   * A loader result of `undefined` is returned but not cached; a rejection reaches every
   * waiting caller and caches nothing. When the key is set, deleted or tag-invalidated while
   * the load runs, the loaded value is returned but not cached (the invalidation wins).
   * @throws CacheValueTooLargeError / ValidationError as {@link set} does for the loaded value.
   */
  async getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options: CacheSetOptions = {},
  ): Promise<T> {
    const storageKey = this.storageKey(key, 'key');
    this.checkSetOptions(options);
    const existing = this.flights.get(storageKey)?.promise;
    if (existing) return existing as Promise<T>;
    const flight: Flight = {
      tags: new Set((options.tags ?? []).map((tag) => this.storageKey(tag, 'tag'))),
      invalidated: false,
    };
    this.flights.set(storageKey, flight);
    const promise = this.load(key, storageKey, loader, options, flight).finally(() => {
      if (this.flights.get(storageKey) === flight) this.flights.delete(storageKey);
    });
    flight.promise = promise;
    return promise;
  }

  /** Reads a live entry's payload; `undefined` when absent or expired. */
  protected abstract readEntry(storageKey: string): Promise<string | undefined>;
  /** Writes an entry, replacing the previous one with its TTL and tag memberships. */
  protected abstract writeEntry(storageKey: string, entry: CacheEntryWrite): Promise<void>;
  /** Deletes an entry; resolves whether a live entry existed. */
  protected abstract removeEntry(storageKey: string): Promise<boolean>;
  /** Deletes every entry currently carrying `storageTag`. */
  protected abstract removeTagged(storageTag: string): Promise<void>;

  private async load<T>(
    key: string,
    storageKey: string,
    loader: () => Promise<T> | T,
    options: CacheSetOptions,
    flight: Flight,
  ): Promise<T> {
    const cached = await this.readEntry(storageKey);
    if (cached !== undefined) return JSON.parse(cached) as T;
    const value = await loader();
    if (value === undefined) return value;
    const write = this.prepareWrite(key, value, options);
    if (!flight.invalidated) await this.writeEntry(storageKey, write);
    return JSON.parse(write.payload) as T;
  }

  private invalidateFlight(storageKey: string): void {
    const flight = this.flights.get(storageKey);
    if (!flight) return;
    flight.invalidated = true;
    this.flights.delete(storageKey);
  }

  /**
   * `<namespace>:<scope>:k:<key>` for entries and `<namespace>:<scope>:t:<tag>` for tags, where
   * namespace and scope are URI-encoded (so they contain no `:`) and the unscoped scope is a
   * lone `%` (which URI encoding never produces): distinct (namespace, scope, kind, name)
   * tuples always give distinct strings, so adapters may keep entries and tag sets side by side.
   */
  private storageKey(name: string, kind: 'key' | 'tag'): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_KEY_LENGTH) {
      throw ValidationError.of(
        kind,
        `must be a string of 1 to ${MAX_KEY_LENGTH} characters`,
        'length',
      );
    }
    const scope = this.keyScope();
    const encodedScope = scope === undefined ? '%' : encodeURIComponent(scope);
    return `${this.namespace}:${encodedScope}:${kind === 'tag' ? 't' : 'k'}:${name}`;
  }

  private checkSetOptions(options: CacheSetOptions): void {
    const issues = ttlIssues(options.ttlMs, 'ttlMs');
    options.tags?.forEach((tag, index) => {
      if (typeof tag !== 'string' || tag.length === 0 || tag.length > MAX_KEY_LENGTH) {
        issues.push({
          path: `tags.${index}`,
          message: 'must be a non-empty string',
          rule: 'length',
        });
      }
    });
    if (issues.length > 0) throw new ValidationError(issues);
  }

  private prepareWrite(key: string, value: unknown, options: CacheSetOptions): CacheEntryWrite {
    this.checkSetOptions(options);
    let payload: string | undefined;
    try {
      payload = JSON.stringify(value);
    } catch (error) {
      throw new ValidationError([
        {
          path: 'value',
          message: `is not JSON-serialisable: ${(error as Error).message}`,
          rule: 'isJson',
        },
      ]);
    }
    if (payload === undefined) {
      throw ValidationError.of(
        'value',
        'must be JSON-serialisable (not undefined or a function)',
        'isJson',
      );
    }
    const size = utf8.encode(payload).byteLength;
    if (size > this.maxValueBytes) throw new CacheValueTooLargeError(key, size, this.maxValueBytes);
    const ttlMs = options.ttlMs ?? this.defaultTtlMs;
    const tags = [...new Set(options.tags ?? [])].map((tag) => this.storageKey(tag, 'tag'));
    return ttlMs === undefined ? { payload, tags } : { payload, ttlMs, tags };
  }
}

function ttlIssues(ttlMs: number | undefined, path: string): ValidationIssue[] {
  return ttlMs === undefined || (Number.isSafeInteger(ttlMs) && ttlMs > 0)
    ? []
    : [{ path, message: 'must be a positive integer (milliseconds)', rule: 'isPositive' }];
}
