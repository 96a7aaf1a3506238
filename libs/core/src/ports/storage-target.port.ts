import type { EventStore } from './event-store.port.js';

/**
 * Where a set of the suite's tables lives: the application's database and schemas (the shared
 * target), or a tenant's own schema or database (schema-per-tenant and database-per-tenant
 * isolation). Adapters that route per tenant keep one instance per target `key`.
 */
export interface StorageTarget {
  /** Stable identity of the target, e.g. `shared`, `schema:tenant_acme`, `database:globex`. */
  readonly key: string;
  /** Tenant the target is dedicated to; absent for the shared target. */
  readonly tenantId?: string;
  /**
   * PostgreSQL schema holding the suite's tables of this target; absent: each store's
   * configured schema (the shared target, and database-per-tenant targets).
   */
  readonly schema?: string;
  /**
   * The ORM connection of the target (a MikroORM instance for PostgreSQL adapters); absent: the
   * application's own. Typed `unknown` because core knows no ORM.
   */
  readonly connection?: unknown;
}

/** Key of the shared target (the application's own database and schemas). */
export const SHARED_STORAGE_TARGET: StorageTarget = Object.freeze({ key: 'shared' });

/**
 * Maps the current tenant to its {@link StorageTarget}. Provided by the multitenancy module;
 * adapters that support per-tenant storage (the event store, the projections) inject it
 * optionally and stay on the shared target without it.
 */
export abstract class StorageTargets {
  /**
   * Target of the tenant of the current request context: the shared target outside a context,
   * for tenants on shared tables, and before {@link prepare} resolved a dedicated one.
   */
  abstract current(): StorageTarget;

  /**
   * Resolves (and opens, for a database) the target of `tenantId`, so that {@link current}
   * answers synchronously for it afterwards.
   */
  abstract prepare(tenantId: string): Promise<StorageTarget>;

  /** Every dedicated (schema or database) target known now, for processors. */
  abstract dedicated(): Promise<readonly StorageTarget[]>;

  /**
   * Calls `listener` with each dedicated target added from now on (a tenant provisioned while
   * the app runs). Returns the function that stops listening.
   */
  abstract onAdded(listener: (target: StorageTarget) => void): () => void;
}

/**
 * The event store of any {@link StorageTarget}: provided by `@cqrs-ddd/event-store` when
 * storage targets are in use, so processors read each dedicated target's own log.
 */
export abstract class TargetEventStores {
  /** The event store of `target` (created, and migrated when configured, on first use). */
  abstract forTarget(target: StorageTarget): Promise<EventStore>;
}
