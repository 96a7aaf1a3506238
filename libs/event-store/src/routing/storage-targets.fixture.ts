// Test fixture (not part of the public API): a StorageTargets keyed by the context's tenant.
import {
  currentRequestContext,
  SHARED_STORAGE_TARGET,
  StorageTargets,
  type StorageTarget,
} from '@cqrs-ddd/core';

/**
 * Maps tenants to the targets it was given: `current()` answers the target of the request
 * context's tenant once `prepare` ran for it (the shared target before, and outside contexts),
 * or whatever `use` forced.
 */
export class FakeStorageTargets extends StorageTargets {
  private readonly prepared = new Set<string>();
  private readonly listeners = new Set<(target: StorageTarget) => void>();
  private forced: StorageTarget | undefined;

  constructor(private readonly targets: ReadonlyMap<string, StorageTarget>) {
    super();
  }

  current(): StorageTarget {
    if (this.forced) return this.forced;
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

  /** Makes `current()` answer `target` (any context) until `use(undefined)`. */
  use(target: StorageTarget | undefined): void {
    this.forced = target;
  }
}
