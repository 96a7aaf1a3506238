import { AsyncLocalStorage } from 'node:async_hooks';
import {
  currentRequestContext,
  EventStore,
  ForbiddenError,
  type LogCheckpoint,
  parseLogPosition,
  SHARED_STORAGE_TARGET,
  StorageTargets,
  TargetEventStores,
  UnauthenticatedError,
} from '@cqrs-ddd/core';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { StreamAccessPolicy } from '../access/stream-access.policy.js';
import type { StreamCaller } from '../access/stream-caller.js';
import { UnknownStreamError } from '../errors/unknown-stream.error.js';
import { LogTails, type TenantLog } from '../log/log-tails.js';
import { RESOLVED_STREAMING_OPTIONS } from '../module/streaming.tokens.js';
import type { ResolvedStreamingOptions } from '../module/streaming-module.options.js';
import type { EventStreamDefinition } from '../stream/event-stream.definition.js';
import { StreamSubscription } from './stream-subscription.js';

/** Options of {@link EventStreams.open}. */
export interface OpenStreamOptions {
  /**
   * Resume point: the id (log position) of the last event the client received, e.g. its
   * `Last-Event-ID`; every later event is sent. Empty or absent: only new events.
   */
  readonly after?: string | null;
}

/**
 * Opens streams for clients, whatever the transport: checks that the caller may read the
 * stream ({@link StreamAccessPolicy}), parses its resume point and subscribes it to its
 * tenant's log (this instance's tail of that log, after a catch-up from the resume point).
 * Refusals are core errors: `UnauthenticatedError` (no caller), `ForbiddenError` (policy);
 * a malformed resume point is a core `ValidationError`.
 */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Streaming');
  private readonly tails: LogTails;
  private readonly subscriptions = new Set<StreamSubscription<unknown>>();
  /** Runs work outside the request context that opened it (tails serve every client). */
  private readonly detached = AsyncLocalStorage.snapshot();

  constructor(
    @Inject(RESOLVED_STREAMING_OPTIONS) private readonly options: ResolvedStreamingOptions,
    private readonly eventStore: EventStore,
    private readonly policy: StreamAccessPolicy,
    @Optional() private readonly storageTargets?: StorageTargets,
    @Optional() private readonly targetStores?: TargetEventStores,
  ) {
    const types = [...new Set(options.streams.flatMap((stream) => stream.eventTypes))];
    this.tails = new LogTails(
      (tenantId) => this.logOf(tenantId),
      { types, batchSize: options.batchSize, idlePollMs: options.idlePollMs },
      this.logger,
    );
  }

  /** The stream named `name`. @throws UnknownStreamError */
  stream(name: string): EventStreamDefinition {
    const stream = this.options.streams.find((candidate) => candidate.name === name);
    if (stream === undefined) {
      throw new UnknownStreamError(
        name,
        this.options.streams.map((known) => known.name),
      );
    }
    return stream;
  }

  /**
   * Opens `name` for `caller`.
   * @throws UnknownStreamError, ForbiddenError (policy), ValidationError (malformed `after`)
   */
  async open<TPublic = unknown>(
    name: string,
    caller: StreamCaller,
    options: OpenStreamOptions = {},
  ): Promise<StreamSubscription<TPublic>> {
    const stream = this.stream(name);
    const decision = await this.policy.decide(caller.principal, stream);
    if (!decision.allowed) {
      throw new ForbiddenError(stream.permission ?? `read stream ${name}`, decision.reason);
    }
    const after: LogCheckpoint | undefined = options.after
      ? parseLogPosition(options.after)
      : undefined;
    return this.detached(async () => {
      const leased = await this.tails.acquire(caller.tenantId);
      const subscription = new StreamSubscription<TPublic>(
        {
          stream,
          tenantId: caller.tenantId,
          after,
          bufferLimit: this.options.bufferLimit,
          batchSize: this.options.batchSize,
        },
        leased.store,
        leased.tail,
        () => {
          leased.release();
          this.subscriptions.delete(subscription as StreamSubscription<unknown>);
        },
      );
      this.subscriptions.add(subscription as StreamSubscription<unknown>);
      try {
        await subscription.start();
      } catch (error) {
        subscription.close();
        throw error;
      }
      return subscription;
    });
  }

  /**
   * Opens `name` for the caller of the current request context (principal and tenant set by the
   * app's guards), e.g. from an SSE controller.
   * @throws UnauthenticatedError without principal; ForbiddenError without tenant or by policy
   */
  openForCurrentRequest<TPublic = unknown>(
    name: string,
    options: OpenStreamOptions = {},
  ): Promise<StreamSubscription<TPublic>> {
    const state = currentRequestContext();
    const principal = state?.principal;
    if (principal === undefined) {
      throw new UnauthenticatedError('Authentication is required to open an event stream.');
    }
    const tenantId = state?.tenantId ?? principal.tenantId;
    if (tenantId === undefined) {
      throw new ForbiddenError(`read stream ${name}`, 'event streams are per tenant: no tenant');
    }
    return this.open(name, { principal, tenantId }, options);
  }

  /** Number of open subscriptions of this instance. */
  get openCount(): number {
    return this.subscriptions.size;
  }

  /** Ends every subscription, so the transports close their connections before the server. */
  beforeApplicationShutdown(): void {
    for (const subscription of [...this.subscriptions]) subscription.close();
  }

  /** Stops the log tails. */
  async onApplicationShutdown(): Promise<void> {
    await this.tails.stopAll();
  }

  /** The log holding `tenantId`'s events: its storage target's, or the app's event store. */
  private async logOf(tenantId: string): Promise<TenantLog> {
    const target = this.storageTargets
      ? await this.storageTargets.prepare(tenantId)
      : SHARED_STORAGE_TARGET;
    const store = this.targetStores ? await this.targetStores.forTarget(target) : this.eventStore;
    return { key: target.key, store };
  }
}
