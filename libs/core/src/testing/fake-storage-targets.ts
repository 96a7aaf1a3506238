import { currentRequestContext } from '../context/request-context-scope.js';
import {
  SHARED_STORAGE_TARGET,
  type StorageTarget,
  StorageTargets,
} from '../ports/storage-target.port.js';

/**
 * {@link StorageTargets} over dedicated targets the test gives, keyed by their tenant, as the
 * multitenancy module maps them: `current()` answers the target of the request context's tenant
 * once `prepare` ran for it (the shared target before, outside contexts, and for tenants on
 * shared tables), or whatever {@link use} forced. For tests of adapters that route per target.
 */
export class FakeStorageTargets extends StorageTargets {
  private readonly targets = new Map<string, StorageTarget>();
  private readonly prepared = new Set<string>();
  private readonly listeners = new Set<(target: StorageTarget) => void>();
  private forced: StorageTarget | undefined;

  /** `targets`: the dedicated targets known from the start, each naming its `tenantId`. */
  constructor(targets: Iterable<StorageTarget> = []) {
    super();
    for (const target of targets) this.set(target);
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

  /** Provisions a dedicated target while the app runs (calls the `onAdded` listeners). */
  add(target: StorageTarget): void {
    this.set(target);
    for (const listener of this.listeners) listener(target);
  }

  /** How many `onAdded` listeners are registered. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Makes `current()` answer `target` (in any context) until `use(undefined)`. */
  use(target: StorageTarget | undefined): void {
    this.forced = target;
  }

  private set(target: StorageTarget): void {
    if (target.tenantId === undefined) {
      throw new Error(`The dedicated target ${target.key} names no tenant.`);
    }
    this.targets.set(target.tenantId, target);
  }
}
