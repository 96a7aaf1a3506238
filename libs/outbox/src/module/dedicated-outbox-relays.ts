import type { Clock, StorageTarget } from '@cqrs-ddd/core';
import {
  isDedicatedTarget,
  type ProcessorEngine,
  type ProjectionTargets,
  type TargetProjections,
} from '@cqrs-ddd/projections';
import type { OutboxPublisherDefinition } from '../relay/outbox-publisher.definition.js';
import { type OutboxRelay, registerOutboxRelays } from './outbox-relays.js';

/** The relays of one dedicated storage target, on that target's engine. */
export interface OutboxTargetRelays {
  /** The target (a tenant's schema or database of its own). */
  readonly target: StorageTarget;
  /** The target's processor engine (over its log, with its checkpoints, leases, parked store). */
  readonly engine: ProcessorEngine;
  /** One relay per publisher, by publisher name. */
  readonly relays: ReadonlyMap<string, OutboxRelay>;
}

/**
 * The outbox relays of the dedicated storage targets (tenants with a schema or database of
 * their own): through `ProjectionTargets.onTarget`, one relay processor per publisher on the
 * engine of every such target, built now or later (added at run time, or on first use), so each
 * target's own log is relayed with its checkpoints, leases and parked messages in the target's
 * schema or database. Publishers (and their transports) are shared by every target; a stream
 * lives in one target's log, so per-stream order holds as on the shared target.
 *
 * Started and stopped with the outbox; the target's own stop (the projections' shutdown) stops
 * them too. Empty until {@link attach} (no `ProjectionTargets`: only the shared target exists).
 */
export class DedicatedOutboxRelays {
  private readonly targets = new Map<string, OutboxTargetRelays>();
  private running = false;
  private detach?: () => void;

  constructor(
    private readonly publishers: readonly OutboxPublisherDefinition[],
    private readonly clock?: Clock,
  ) {}

  /** Registers the relays on every dedicated target of `projectionTargets`, built now or later. */
  async attach(projectionTargets: ProjectionTargets): Promise<void> {
    this.detach ??= await projectionTargets.onTarget((group) => this.add(group));
  }

  /** Stops registering relays on targets built from now on (those registered stay). */
  close(): void {
    this.detach?.();
    this.detach = undefined;
  }

  /** The targets relayed, by key. */
  list(): OutboxTargetRelays[] {
    return [...this.targets.values()].sort((a, b) => (a.target.key < b.target.key ? -1 : 1));
  }

  /** The relays of the target keyed `key`, or `undefined`. */
  get(key: string): OutboxTargetRelays | undefined {
    return this.targets.get(key);
  }

  /** Starts the relays of every target, and of targets registered from now on. */
  start(): void {
    this.running = true;
    for (const handle of this.handles()) handle.start();
  }

  /** Stops the relays of every target gracefully (running batches finish, leases released). */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.handles().map((handle) => handle.stop()));
  }

  private handles() {
    return this.list().flatMap(({ relays }) => [...relays.values()].map(({ handle }) => handle));
  }

  private add(group: TargetProjections): void {
    if (!isDedicatedTarget(group.target)) return; // the outbox's own engine relays the shared log
    // A target whose build failed is built again with a new engine: register on the new one.
    if (this.targets.get(group.key)?.engine === group.engine) return;
    const relays = registerOutboxRelays(group.engine, this.publishers, this.clock);
    this.targets.set(group.key, { target: group.target, engine: group.engine, relays });
    if (this.running) for (const { handle } of relays.values()) handle.start();
  }
}
