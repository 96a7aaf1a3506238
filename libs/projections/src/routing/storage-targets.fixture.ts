// Test fixture (not part of the public API): storage targets and their event logs in memory.
import {
  currentRequestContext,
  type EventStore,
  InMemoryEventStore,
  SHARED_STORAGE_TARGET,
  type StorageTarget,
  StorageTargets,
  TargetEventStores,
} from '@cqrs-ddd/core';
import { isDedicatedTarget } from './target-infrastructure.js';

/** A schema-per-tenant target of `tenantId` (schema `schema`, default `tenant_<tenantId>`). */
export function schemaTarget(tenantId: string, schema = `tenant_${tenantId}`): StorageTarget {
  return { key: `schema:${schema}`, tenantId, schema };
}

/**
 * Maps tenants to the targets it was given, as the multitenancy module does: `current()`
 * answers the target of the request context's tenant once `prepare` ran for it (the shared
 * target before, outside contexts, and for tenants on shared tables).
 */
export class FakeStorageTargets extends StorageTargets {
  private readonly targets = new Map<string, StorageTarget>();
  private readonly prepared = new Set<string>();
  private readonly listeners = new Set<(target: StorageTarget) => void>();

  constructor(targets: readonly StorageTarget[] = []) {
    super();
    for (const target of targets) this.targets.set(target.tenantId!, target);
  }

  current(): StorageTarget {
    const tenantId = currentRequestContext()?.tenantId;
    if (tenantId === undefined || !this.prepared.has(tenantId)) return SHARED_STORAGE_TARGET;
    return this.targets.get(tenantId) ?? SHARED_STORAGE_TARGET;
  }

  async prepare(tenantId: string): Promise<StorageTarget> {
    this.prepared.add(tenantId);
    return this.targets.get(tenantId) ?? SHARED_STORAGE_TARGET;
  }

  async dedicated(): Promise<readonly StorageTarget[]> {
    return [...this.targets.values()];
  }

  onAdded(listener: (target: StorageTarget) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Provisions a dedicated target while the app runs (calls the `onAdded` listeners). */
  add(target: StorageTarget): void {
    this.targets.set(target.tenantId!, target);
    for (const listener of this.listeners) listener(target);
  }

  /** How many `onAdded` listeners are registered. */
  get listenerCount(): number {
    return this.listeners.size;
  }
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
