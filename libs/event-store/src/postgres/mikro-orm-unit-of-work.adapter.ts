import { UnitOfWork } from '@cqrs-ddd/core';
import type { EntityManager, TransactionOptions } from '@mikro-orm/postgresql';

/** Options of {@link MikroOrmUnitOfWork}. */
export interface MikroOrmUnitOfWorkOptions {
  /**
   * Isolation level of the units' transactions. The event store is built for READ COMMITTED;
   * under REPEATABLE READ or SERIALIZABLE, concurrent appends fail with serialization errors
   * instead of waiting.
   * @default the database default (READ COMMITTED)
   */
  readonly isolationLevel?: TransactionOptions['isolationLevel'];
}

/**
 * {@link UnitOfWork} as a MikroORM transaction: `run(work)` is `em.transactional(...)`, which
 * forks the EntityManager and makes the fork (and its transaction) the current context through
 * AsyncLocalStorage. Everything done through the application's EntityManager inside the work —
 * entity changes (flushed before commit), event appends, snapshots, outbox rows — commits
 * together or rolls back together. A `run` inside an active MikroORM transaction (a nested
 * command, or the application's own `em.transactional`) joins it.
 */
export class MikroOrmUnitOfWork extends UnitOfWork {
  constructor(
    private readonly em: EntityManager,
    private readonly options: MikroOrmUnitOfWorkOptions = {},
  ) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (this.em.isInTransaction()) return work();
      return this.em.transactional(() => work(), {
        isolationLevel: this.options.isolationLevel,
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  isActive(): boolean {
    return this.em.isInTransaction();
  }
}
