import { currentRequestContext } from '../context/request-context-scope.js';
import { type Lock, type LockOptions, LockStrategy } from '../ports/lock-strategy.port.js';

/**
 * The resource name `resource` is locked under for the request context's tenant:
 * `tenant/<tenant id, URI-encoded>/<resource>`, or `resource` as is outside a tenant (platform
 * work such as processors, whose resources are not a tenant's).
 */
export function tenantLockResource(resource: string): string {
  const tenantId = currentRequestContext()?.tenantId;
  return tenantId ? `tenant/${encodeURIComponent(tenantId)}/${resource}` : resource;
}

/**
 * A {@link LockStrategy} that keeps tenants' locks apart: every resource is named for the
 * request context's tenant ({@link tenantLockResource}), so two tenants locking `order-42` never
 * wait for, extend or release each other's lock, while work without a tenant locks the name as
 * given. Wraps any adapter; the locks it returns carry the scoped resource name.
 *
 * ```ts
 * { provide: LockStrategy, useFactory: (orm) => new TenantScopedLockStrategy(new PostgresLockStrategy(orm.em)) }
 * ```
 */
export class TenantScopedLockStrategy extends LockStrategy {
  constructor(private readonly inner: LockStrategy) {
    super();
  }

  /** {@link LockStrategy.tryAcquire} of the inner strategy, on the tenant's resource. */
  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    return this.inner.tryAcquire(this.scoped(resource), options);
  }

  /** {@link LockStrategy.acquire} of the inner strategy, on the tenant's resource. */
  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    return this.inner.acquire(this.scoped(resource), options);
  }

  /** {@link LockStrategy.runExclusive} of the inner strategy (its keep-alive), on the tenant's resource. */
  override async runExclusive<T>(
    resource: string,
    fn: (lock: Lock, signal: AbortSignal) => Promise<T> | T,
    options: LockOptions,
  ): Promise<T> {
    return this.inner.runExclusive(this.scoped(resource), fn, options);
  }

  private scoped(resource: string): string {
    this.assertValidRequest(resource, { ttlMs: 1 });
    return tenantLockResource(resource);
  }
}
