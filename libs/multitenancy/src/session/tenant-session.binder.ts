import type { Tenant } from '../registry/tenant.js';

/**
 * Binds the database session of the work run for one tenant: the tenancy pipeline step calls
 * {@link run} around every command and query, once the tenant was checked. The PostgreSQL
 * binder (`MikroOrmTenantSessionBinder`) makes every MikroORM transaction of the work set
 * `app.tenant_id` (and switch to the row-level-security role), so even hand-written SQL only
 * sees the tenant's rows; the default binder does nothing.
 */
export abstract class TenantSessionBinder {
  /** Runs `work` with the session bound to `tenant`. */
  abstract run<T>(tenant: Tenant, work: () => Promise<T>): Promise<T>;
}

/** A {@link TenantSessionBinder} that binds nothing (memory adapters, no row-level security). */
export class NoTenantSessionBinder extends TenantSessionBinder {
  run<T>(_tenant: Tenant, work: () => Promise<T>): Promise<T> {
    return work();
  }
}
