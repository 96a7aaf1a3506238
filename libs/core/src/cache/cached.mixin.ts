/* eslint-disable @typescript-eslint/no-explicit-any -- a mixin extends whatever class it is given and overrides methods by name */
import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import { Cache } from '../ports/cache.port.js';

/** A class a mixin can extend (also abstract), e.g. MikroORM's `EntityRepository<T>`. */
export type MixinBase = abstract new (...args: any[]) => object;

/** Names of the public methods of `T`. */
export type MethodName<T> = {
  [K in keyof T & string]: T[K] extends (...args: any[]) => unknown ? K : never;
}[keyof T & string];

/** Options of {@link Cached}. */
export interface CachedOptions<TRepository extends object = object> {
  /**
   * Methods whose (awaited) results are cached, under the key `<tag>:<method>:<JSON of the
   * arguments>`. Calls whose arguments JSON cannot describe faithfully (functions, symbols,
   * BigInts, cycles) or whose key exceeds 1024 characters go straight to the repository.
   */
  readonly reads: readonly MethodName<TRepository>[];
  /**
   * Methods after which (once settled, also when they fail) every cached read of this
   * repository in the current scope (tenant) is invalidated.
   */
  readonly writes: readonly MethodName<TRepository>[];
  /**
   * Time to live of cached reads in ms. Also bounds staleness from writes the mixin does not
   * see (other services, `em.flush()`) and from reads racing a write in another process.
   * @default the cache's `defaultTtlMs`
   */
  readonly ttlMs?: number;
  /**
   * Tag of this repository's entries, also the first part of their keys. Set it when one
   * class serves several entities, or when class names are minified.
   * @default the name of the instance's class (e.g. `OrderRepository`), else of `Base`
   */
  readonly tag?: string;
  /**
   * The cache of a repository instance.
   * @default `repository.cache`
   */
  readonly cache?: (repository: TRepository) => Cache;
}

/** What {@link Cached} adds to a repository. */
export interface CachedRepository {
  /**
   * Invalidates every cached read of this repository in the current scope: call it after a
   * transaction commits that changed data through another path than the `writes` methods.
   */
  invalidateCache(): Promise<void>;
}

/**
 * Class mixin that reads a repository through a {@link Cache}: the `reads` methods return the
 * cached result while it lives, and the `writes` methods invalidate the repository's entries.
 *
 * ```ts
 * class OrderRepository extends Multitenant(
 *   Cached(EntityRepository<Order>, { reads: ['findOne', 'find'], writes: ['upsert', 'nativeUpdate', 'nativeDelete', 'insert'], ttlMs: 60_000 }),
 * ) {
 *   constructor(em: EntityManager, readonly cache: Cache) { super(em, Order); }
 * }
 * ```
 * - Results round-trip as JSON (see `Cache`): cached reads return plain objects (an entity's
 *   JSON form, dates as ISO strings), also on a miss, never managed entities; cache reads
 *   that callers only display or return.
 * - Tenants never see each other's entries: keys and invalidations are scoped by the cache's
 *   `keyScope` (by default the request context's tenant).
 * - Invalidation happens when a write settles: inside a transaction that is before the
 *   commit, so a concurrent read may cache the old data again; use `ttlMs`, or call
 *   `invalidateCache()` after the commit.
 *
 * @throws ValidationError (when declaring the class) for a name that is not a method of
 * `Base`, a method listed as both read and write, or invalid `ttlMs` / `tag`.
 */
export function Cached<TBase extends MixinBase>(
  Base: TBase,
  options: CachedOptions<InstanceType<TBase>>,
): TBase & (abstract new (...args: any[]) => CachedRepository) {
  checkOptions(Base, options);
  const { ttlMs, tag: fixedTag } = options;

  abstract class CachedRepositoryClass extends Base implements CachedRepository {
    async invalidateCache(): Promise<void> {
      await cacheOf(this, options).deleteByTag(tagOf(this, Base, fixedTag));
    }
  }
  const proto = CachedRepositoryClass.prototype as any;
  const parent = Base.prototype as any;

  for (const name of options.reads) {
    define(proto, name, async function (this: object, ...args: unknown[]) {
      const tag = tagOf(this, Base, fixedTag);
      const key = cacheKey(tag, name, args);
      const load = () => parent[name].apply(this, args);
      if (key === undefined) return load();
      const setOptions = ttlMs === undefined ? { tags: [tag] } : { ttlMs, tags: [tag] };
      return cacheOf(this, options).getOrLoad(key, load, setOptions);
    });
  }
  for (const name of options.writes) {
    define(proto, name, async function (this: CachedRepositoryClass, ...args: unknown[]) {
      let result: unknown;
      try {
        result = await parent[name].apply(this, args);
      } catch (error) {
        await this.invalidateCache().catch(() => undefined);
        throw error;
      }
      await this.invalidateCache();
      return result;
    });
  }
  return CachedRepositoryClass;
}

const MAX_KEY_LENGTH = 1_024;

function define(proto: object, name: string, method: (...args: unknown[]) => unknown): void {
  Object.defineProperty(proto, name, { value: method, writable: true, configurable: true });
}

function cacheOf(repository: object, options: CachedOptions<any>): Cache {
  const cache = options.cache
    ? options.cache(repository)
    : (repository as { cache?: unknown }).cache;
  if (cache instanceof Cache) return cache;
  throw ValidationError.of(
    'cache',
    'Cached(...) found no Cache: give the repository a `cache` property or pass options.cache',
    'required',
  );
}

function tagOf(repository: object, Base: MixinBase, fixedTag: string | undefined): string {
  return fixedTag ?? (repository.constructor.name || Base.name || 'repository');
}

/** `<tag>:<method>:<JSON args>`, or `undefined` when JSON cannot describe the arguments. */
function cacheKey(tag: string, method: string, args: unknown[]): string | undefined {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end -= 1;
  let json: string;
  try {
    json = JSON.stringify(args.slice(0, end), (_key, value: unknown) => {
      const kind = typeof value;
      if (kind === 'function' || kind === 'symbol' || kind === 'bigint') throw new TypeError(kind);
      return value;
    });
  } catch {
    return undefined;
  }
  const key = `${tag}:${method}:${json}`;
  return key.length > MAX_KEY_LENGTH ? undefined : key;
}

function checkOptions(Base: MixinBase, options: CachedOptions<any>): void {
  const issues: ValidationIssue[] = [];
  const methods = { reads: options.reads ?? [], writes: options.writes ?? [] };
  for (const [kind, names] of Object.entries(methods)) {
    names.forEach((name: string, index: number) => {
      if (typeof (Base.prototype as any)[name] !== 'function') {
        issues.push({
          path: `${kind}.${index}`,
          message: `"${name}" is not a method of ${Base.name}`,
          rule: 'isMethod',
        });
      }
    });
  }
  for (const name of methods.reads) {
    if (methods.writes.includes(name)) {
      issues.push({
        path: 'writes',
        message: `"${name}" cannot be both a read and a write`,
        rule: 'unique',
      });
    }
  }
  const { ttlMs, tag } = options;
  if (ttlMs !== undefined && !(Number.isSafeInteger(ttlMs) && ttlMs > 0)) {
    issues.push({
      path: 'ttlMs',
      message: 'must be a positive integer (milliseconds)',
      rule: 'isPositive',
    });
  }
  if (tag !== undefined && (typeof tag !== 'string' || tag.length === 0)) {
    issues.push({ path: 'tag', message: 'must be a non-empty string', rule: 'isNotEmpty' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
