import {
  SHARED_STORAGE_TARGET,
  TargetEventStores,
  type EventStore,
  type StorageTarget,
} from '@cqrs-ddd/core';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';

/**
 * The `TargetEventStores` of an `EventStoreModule` that does not route (no `StorageTargets`
 * provider visible to it): the shared target is the module's store; any dedicated target is a
 * wiring mistake and fails with an `EventStoreConfigurationError`.
 */
export class SharedTargetEventStores extends TargetEventStores {
  constructor(private readonly shared: EventStore) {
    super();
  }

  async forTarget(target: StorageTarget): Promise<EventStore> {
    const dedicated =
      target.key !== SHARED_STORAGE_TARGET.key &&
      (target.schema !== undefined || target.connection !== undefined);
    if (!dedicated) return this.shared;
    throw new EventStoreConfigurationError(
      `storage target '${target.key}' has a schema or database of its own, but no StorageTargets ` +
        'provider is visible to EventStoreModule: provide it globally (the multitenancy module does) ' +
        'or in the imports of EventStoreModule.forRootAsync.',
    );
  }
}
