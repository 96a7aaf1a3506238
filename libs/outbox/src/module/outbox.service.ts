import type { LogPosition } from '@cqrs-ddd/core';
import type { ParkedEvent } from '@cqrs-ddd/projections';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import type { OutboxModuleOptions } from './outbox-module.options.js';
import type { OutboxPublisherStatus } from './outbox-publisher-status.js';
import type { OutboxRelay, OutboxRelays } from './outbox-relays.js';
import { OUTBOX_MODULE_OPTIONS } from './outbox.module-definition.js';
import { OUTBOX_RELAYS } from './outbox.tokens.js';

/**
 * The outbox of the application: starts the publishers with the application, stops them (after
 * their running batch) and closes their transports on shutdown; status and metrics per
 * publisher, and the admin operations on parked messages (list, retry, skip).
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OUTBOX_MODULE_OPTIONS) private readonly options: OutboxModuleOptions,
    @Inject(OUTBOX_RELAYS) private readonly outbox: OutboxRelays,
  ) {}

  /** Starts relaying unless `autoStart` is off. */
  onApplicationBootstrap(): void {
    if (this.options.autoStart ?? true) this.start();
  }

  /** Stops relaying, then closes the transports that have a `close()` method. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
    await Promise.all(
      this.options.publishers.map((publisher) => {
        const transport = publisher.transport as { close?: () => Promise<void> };
        return typeof transport.close === 'function' ? transport.close() : undefined;
      }),
    );
  }

  /** Starts every publisher (each waits for its lease). */
  start(): void {
    this.outbox.engine.startAll();
  }

  /** Stops every publisher gracefully (running batches finish, leases are released). */
  async stop(): Promise<void> {
    await this.outbox.engine.stopAll();
  }

  /** Names of the publishers, in registration order. */
  publisherNames(): string[] {
    return [...this.outbox.relays.keys()];
  }

  /** Status, lag and counters of every publisher. */
  async status(): Promise<OutboxPublisherStatus[]> {
    return Promise.all(
      [...this.outbox.relays.entries()].map(([name, relay]) => statusOf(name, relay)),
    );
  }

  /**
   * Resolves `true` once `publisher` has published everything up to `position` (or skipped it as
   * not selected), `false` after `timeoutMs`.
   * @throws OutboxConfigurationError for an unknown publisher
   */
  waitUntilPublished(
    publisher: string,
    position: LogPosition,
    timeoutMs: number,
  ): Promise<boolean> {
    return this.relay(publisher).handle.waitUntilProcessed(position, { timeoutMs });
  }

  /** Parked messages of `publisher`, oldest first. */
  listParked(publisher: string, limit?: number): Promise<ParkedEvent[]> {
    return this.relay(publisher).handle.listParked({ limit });
  }

  /**
   * Publishes a parked message again (e.g. after the destination was fixed) and removes it.
   * @throws ParkedEventNotFoundError when it is not parked; whatever the broker says otherwise
   */
  retryParked(publisher: string, eventId: string): Promise<void> {
    return this.relay(publisher).handle.retryParked(eventId);
  }

  /**
   * Drops a parked message without publishing it.
   * @throws ParkedEventNotFoundError when it is not parked
   */
  skipParked(publisher: string, eventId: string): Promise<void> {
    return this.relay(publisher).handle.skipParked(eventId);
  }

  private relay(name: string): OutboxRelay {
    const relay = this.outbox.relays.get(name);
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
  { processor, handle }: OutboxRelay,
): Promise<OutboxPublisherStatus> {
  const status = await handle.status();
  const { partitions } = status;
  return {
    name,
    processorName: processor.name,
    active: partitions.some((partition) => partition.leaseHeld),
    eventsBehind: partitions.reduce((sum, partition) => sum + partition.eventsBehind, 0),
    secondsBehind: Math.max(0, ...partitions.map((partition) => partition.secondsBehind)),
    parked: status.parked,
    partitions,
    ...processor.metrics.snapshot(),
  };
}
