import { ValidationError } from '../../errors/validation.error.js';
import {
  assertValidSnapshot,
  SnapshotStore,
  type Snapshot,
} from '../../ports/snapshot-store.port.js';

/** {@link SnapshotStore} in process memory; snapshots are deep-copied in and out. */
export class InMemorySnapshotStore extends SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async save(snapshot: Snapshot): Promise<void> {
    assertValidSnapshot(snapshot);
    const stored = this.snapshots.get(snapshot.streamId);
    if (stored && stored.version > snapshot.version) return;
    let copy: Snapshot;
    try {
      copy = structuredClone(snapshot);
    } catch {
      throw ValidationError.of('state', 'must be JSON-serialisable', 'isJson');
    }
    this.snapshots.set(snapshot.streamId, copy);
  }

  async load<TState = unknown>(streamId: string): Promise<Snapshot<TState> | null> {
    const stored = this.snapshots.get(streamId);
    return stored ? (structuredClone(stored) as Snapshot<TState>) : null;
  }

  async delete(streamId: string): Promise<void> {
    this.snapshots.delete(streamId);
  }
}
