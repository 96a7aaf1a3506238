import type { MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../registry/tenant.js';

/** What the pool reads of a `pg` connection pool (typed here: this lib does not depend on `pg`). */
export interface PgPoolLike {
  /** Clients open (idle, checked out or connecting). */
  readonly totalCount: number;
  /** Clients open and not checked out. */
  readonly idleCount: number;
  /** Queries queued for a client. */
  readonly waitingCount: number;
  on(event: 'release', listener: () => void): unknown;
}

/**
 * Book-keeping of one tenant database inside the pool. The MikroORM instance is kept once
 * created (closing only disconnects it), so every holder of a storage target keeps a valid
 * `connection`: a closed instance reconnects on its next query.
 */
export class TenantDatabaseEntry {
  /** The tenant's MikroORM, once created. */
  orm?: MikroORM;
  /** Single-flight creation of {@link orm}. */
  creating?: Promise<MikroORM>;
  /** Counts against `maxOpen` (being opened or open). */
  slot = false;
  /** The ORM is connected (its `pg` pool exists). */
  connected = false;
  /** The `pg` pool of the current connection, when MikroORM reported it. */
  pgPool?: PgPoolLike;
  /** Running `use()` calls. */
  leases = 0;
  /** Running `open()` calls. */
  opening = 0;
  /** Closing the ORM's connections is under way. */
  closing?: Promise<void>;
  /** Epoch ms of the last `open`, `use` or `peek`. */
  lastUsed: number;

  constructor(
    readonly tenant: Tenant,
    now: number,
  ) {
    this.lastUsed = now;
  }

  /** Holds a slot and is not being closed. */
  get holdsSlot(): boolean {
    return this.slot && this.closing === undefined;
  }

  /**
   * In use: leased, being opened, or with connections checked out or queries queued in its
   * `pg` pool (an open transaction counts). Busy databases are never closed by the pool.
   */
  get busy(): boolean {
    if (this.leases > 0 || this.opening > 0) return true;
    const pool = this.pgPool;
    return pool !== undefined && (pool.totalCount > pool.idleCount || pool.waitingCount > 0);
  }
}
