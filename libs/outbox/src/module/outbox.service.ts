import { type LogPosition, SHARED_STORAGE_TARGET, type StorageTarget } from '@cqrs-ddd/core';
import type { ParkedEvent } from '@cqrs-ddd/projections';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { DedicatedOutboxRelays } from './dedicated-outbox-relays.js';
import type { OutboxModuleOptions } from './outbox-module.options.js';
import type { OutboxPublisherStatus } from './outbox-publisher-status.js';
import type { OutboxRelay, OutboxRelays } from './outbox-relays.js';
import { OUTBOX_MODULE_OPTIONS } from './outbox.module-definition.js';
import { OUTBOX_RELAYS } from './outbox.tokens.js';

/**
 * The outbox of the application: starts the publishers with the application, stops them (after
 * their running batch) and closes their transports on shutdown; status and metrics per
 * publisher and storage target, and the admin operations on parked messages (list, retry, skip).
 *
 * Storage targets: every publisher relays the shared target's log and, with `ProjectionsModule`
 * and storage targets, the log of each dedicated target (see `DedicatedOutboxRelays`). The
 * per-publisher operations act on the shared target unless given a `target` key (as `status()`
 * reports it).
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OUTBOX_MODULE_OPTIONS) private readonly options: OutboxModuleOptions,
    @Inject(OUTBOX_RELAYS) private readonly outbox: OutboxRelays,
    private readonly dedicated: DedicatedOutboxRelays,
  ) {}

  /** Starts relaying unless `autoStart` is off. */
  onApplicationBootstrap(): void {
    if (this.options.autoStart ?? true) this.start();
  }

  /**
   * Stops relaying (and following new storage targets), then closes the transports that have a
   * `close()` method.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.dedicated.close();
    await this.stop();
    await Promise.all(
      this.options.publishers.map((publisher) => {
        const transport = publisher.transport as { close?: () => Promise<void> };
        return typeof transport.close === 'function' ? transport.close() : undefined;
      }),
    );
  }

  /** Starts every publisher on every storage target (each waits for its lease). */
  start(): void {
    this.outbox.engine.startAll();
    this.dedicated.start();
  }

  /** Stops every publisher gracefully (running batches finish, leases are released). */
  async stop(): Promise<void> {
    await Promise.all([this.outbox.engine.stopAll(), this.dedicated.stop()]);
  }

  /** Names of the publishers, in registration order. */
  publisherNames(): string[] {
    return [...this.outbox.relays.keys()];
  }

  /** Keys of the storage targets relayed: `shared` first, then the dedicated ones by key. */
  targets(): string[] {
    return [SHARED_STORAGE_TARGET.key, ...this.dedicated.list().map(({ target }) => target.key)];
  }

  /**
   * Status, lag and counters of every publisher on every storage target: the shared target's
   * publishers first (in registration order), then each dedicated target's, by target key.
   */
  async status(): Promise<OutboxPublisherStatus[]> {
    const targets = [
      { target: SHARED_STORAGE_TARGET, relays: this.outbox.relays },
      ...this.dedicated.list(),
    ];
    return Promise.all(
      targets.flatMap(({ target, relays }) =>
        [...relays.entries()].map(([name, relay]) => statusOf(name, target, relay)),
      ),
    );
  }

  /**
   * Resolves `true` once `publisher` has published everything of `target`'s log up to `position`
   * (or skipped it as not selected), `false` after `timeoutMs`.
   * @throws OutboxConfigurationError for an unknown publisher or target
   */
  waitUntilPublished(
    publisher: string,
    position: LogPosition,
    timeoutMs: number,
    target: string = SHARED_STORAGE_TARGET.key,
  ): Promise<boolean> {
    return this.relay(publisher, target).handle.waitUntilProcessed(position, { timeoutMs });
  }

  /**
   * Parked messages of `publisher` on `target`, oldest first.
   * @throws OutboxConfigurationError for an unknown publisher or target
   */
  listParked(
    publisher: string,
    limit?: number,
    target: string = SHARED_STORAGE_TARGET.key,
  ): Promise<ParkedEvent[]> {
    return this.relay(publisher, target).handle.listParked({ limit });
  }

  /**
   * Publishes a parked message of `target` again (e.g. after the destination was fixed) and
   * removes it.
   * @throws ParkedEventNotFoundError when it is not parked; whatever the broker says otherwise
   * @throws OutboxConfigurationError for an unknown publisher or target
   */
  retryParked(
    publisher: string,
    eventId: string,
    target: string = SHARED_STORAGE_TARGET.key,
  ): Promise<void> {
    return this.relay(publisher, target).handle.retryParked(eventId);
  }

  /**
   * Drops a parked message of `target` without publishing it.
   * @throws ParkedEventNotFoundError when it is not parked
   * @throws OutboxConfigurationError for an unknown publisher or target
   */
  skipParked(
    publisher: string,
    eventId: string,
    target: string = SHARED_STORAGE_TARGET.key,
  ): Promise<void> {
    return this.relay(publisher, target).handle.skipParked(eventId);
  }

  private relay(name: string, target: string): OutboxRelay {
    const relays =
      target === SHARED_STORAGE_TARGET.key
        ? this.outbox.relays
        : this.dedicated.get(target)?.relays;
    if (!relays) {
      throw new OutboxConfigurationError(
        `The outbox relays no storage target "${target}"; known: ${this.targets().join(', ')}.`,
      );
    }
    const relay = relays.get(name);
    if (!relay) {
      throw new OutboxConfigurationError(
        `No outbox publisher is named "${name}"; known: ${this.publisherNames().join(', ') || 'none'}.`,
      );
    }
    return relay;
  }
}

async function statusOf(
  name: string,
  target: StorageTarget,
  { processor, handle }: OutboxRelay,
): Promise<OutboxPublisherStatus> {
  const status = await handle.status();
  const { partitions } = status;
  return {
    name,
    target: target.key,
    ...(target.tenantId === undefined ? {} : { tenantId: target.tenantId }),
    processorName: processor.name,
    active: partitions.some((partition) => partition.leaseHeld),
    eventsBehind: partitions.reduce((sum, partition) => sum + partition.eventsBehind, 0),
    secondsBehind: Math.max(0, ...partitions.map((partition) => partition.secondsBehind)),
    parked: status.parked,
    partitions,
    ...processor.metrics.snapshot(),
  };
}
