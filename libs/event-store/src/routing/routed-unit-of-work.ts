import { UnitOfWork, type StorageTargets } from '@cqrs-ddd/core';
import { routedStorageTarget } from './storage-target-pin.js';
import type { TargetEventStoreDrivers } from './target-event-store.drivers.js';

/**
 * The {@link UnitOfWork} of the current tenant's storage target: `run` opens the transaction
 * of `storageTargets.current()` — on the application's MikroORM for the shared target and
 * schema targets (one transaction covers both), on the target's own MikroORM for a database
 * target — so the command's appends, snapshots and state-stored entities of that target commit
 * or roll back together. `isActive` answers for the current target's transaction (`false`
 * while its store was never used: no transaction can be open on it).
 *
 * A unit runs on the target current when it starts: a handler that switches tenants inside a
 * unit gets the other target's own, separate unit.
 */
export class RoutedUnitOfWork extends UnitOfWork {
  constructor(
    private readonly storageTargets: StorageTargets,
    private readonly drivers: TargetEventStoreDrivers,
  ) {
    super();
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const driver = await this.drivers.driverFor(routedStorageTarget(this.storageTargets));
    return driver.unitOfWork.run(work);
  }

  isActive(): boolean {
    const driver = this.drivers.readyDriverFor(routedStorageTarget(this.storageTargets));
    return driver?.unitOfWork.isActive() ?? false;
  }
}
