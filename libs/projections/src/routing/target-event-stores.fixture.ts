// Test fixture (not part of the public API): schema targets and their event logs in memory.
import {
  type EventStore,
  InMemoryEventStore,
  type StorageTarget,
  TargetEventStores,
} from '@cqrs-ddd/core';
import { isDedicatedTarget } from './target-infrastructure.js';

/** A schema-per-tenant target of `tenantId` (schema `schema`, default `tenant_<tenantId>`). */
export function schemaTarget(tenantId: string, schema = `tenant_${tenantId}`): StorageTarget {
  return { key: `schema:${schema}`, tenantId, schema };
}

/** One in-memory event log per dedicated target; the shared target's is given. */
export class FakeTargetEventStores extends TargetEventStores {
  private readonly stores = new Map<string, EventStore>();

  constructor(readonly shared: EventStore = new InMemoryEventStore()) {
    super();
  }

  async forTarget(target: StorageTarget): Promise<EventStore> {
    return this.of(target);
  }

  /** The event log of `target` (created on first use), synchronously. */
  of(target: StorageTarget): EventStore {
    if (!isDedicatedTarget(target)) return this.shared;
    let store = this.stores.get(target.key);
    if (!store) {
      store = new InMemoryEventStore();
      this.stores.set(target.key, store);
    }
    return store;
  }
}
