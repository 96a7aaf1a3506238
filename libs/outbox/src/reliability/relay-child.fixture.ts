import { fileURLToPath } from 'node:url';
import type { LogPosition } from '@cqrs-ddd/core';
import type { ProcessorRunOptions } from '@cqrs-ddd/projections';
import { ReportingChild } from '../../../../.ci/jest/reporting-child.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import type { RelaySchemas } from './relay-database.fixture.js';
import { CREDITED } from './relay-workload.fixture.js';

const SCRIPT = fileURLToPath(new URL('./relay-instance.fixture.mjs', import.meta.url));

/** The libraries the child runs on: build them with `ensureLibsBuilt(RELAY_CHILD_PROJECTS)`. */
export const RELAY_CHILD_PROJECTS = ['libs/outbox/tsconfig.lib.json'];

/** Where a child stops itself (SIGSTOP): around the publication of its `batch`-th batch. */
export interface RelayFreezePoint {
  /** Before the batch is sent, or once the broker confirmed it (checkpoint not saved yet). */
  readonly stage: 'before-publish' | 'after-publish';
  readonly batch: number;
}

/** What relay-instance.fixture.mjs runs. */
export interface RelayChildConfig extends RelaySchemas {
  readonly databaseUrl: string;
  /** Engine instance id (lease session, checkpoint owner) and `application_name`. */
  readonly instanceId: string;
  readonly amqpUrl: string;
  readonly exchange: string;
  /** Publisher name (`outbox:<name>` processor). */
  readonly publisher: string;
  /** Event types it publishes. */
  readonly types: readonly string[];
  /** Run options over the outbox's defaults (JSON only). */
  readonly run: Omit<ProcessorRunOptions, 'unitOfWork'>;
  readonly freeze?: RelayFreezePoint;
  /** Set up, then wait for {@link RelayChild.begin} (to start children ahead of time). */
  readonly startOnCommand?: boolean;
}

/** A line the child printed. */
export interface RelayChildMessage {
  readonly kind:
    'loaded' | 'ready' | 'batch' | 'published' | 'committed' | 'frozen' | 'log' | 'stopped';
  /** Number of the batch in this process (1-based): `batch`, `published`, `frozen`. */
  readonly batch?: number;
  /** Message ids of the batch: `batch`, `published`. */
  readonly ids?: readonly string[];
  readonly stage?: RelayFreezePoint['stage'];
  readonly position?: LogPosition;
  readonly handled?: number;
  readonly level?: string;
  readonly message?: string;
}

/** Run options of the relays of the tests: small batches, a short lease, fast retries. */
export const RELAY_RUN_OPTIONS = {
  batchSize: 10,
  leaseTtlMs: 1_000,
  leaseRetryMs: 50,
  idlePollMs: 250,
  retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 200 },
} as const satisfies RelayChildConfig['run'];

/**
 * An outbox relay in a child process (`node relay-instance.fixture.mjs`, on the built
 * libraries), with what it reported on stdout. `killAll()` (inherited) kills every child left.
 */
export class RelayChild extends ReportingChild<RelayChildMessage> {
  private constructor(readonly config: RelayChildConfig) {
    super(SCRIPT, [JSON.stringify(config)], config.instanceId);
  }

  /**
   * Starts a relay of publisher `publisher` ({@link CREDITED} events) on `schemas`, publishing
   * to `exchange` of the test broker; it reports `ready` once its engine runs.
   */
  static start(
    instanceId: string,
    target: RelaySchemas & { exchange: string; publisher: string },
    options: Pick<RelayChildConfig, 'freeze' | 'startOnCommand'> & {
      run?: RelayChildConfig['run'];
    } = {},
  ): RelayChild {
    return new RelayChild({
      databaseUrl: process.env.DATABASE_URL!,
      eventStoreSchema: target.eventStoreSchema,
      projectionsSchema: target.projectionsSchema,
      instanceId,
      amqpUrl: testAmqpUrl(),
      exchange: target.exchange,
      publisher: target.publisher,
      types: [CREDITED],
      run: { ...RELAY_RUN_OPTIONS, ...options.run },
      ...(options.freeze ? { freeze: options.freeze } : {}),
      ...(options.startOnCommand ? { startOnCommand: true } : {}),
    });
  }

  /** Resolves once the child is set up (`loaded`; it may take seconds on a busy machine). */
  async loaded(): Promise<void> {
    await this.waitFor((m) => m.kind === 'loaded', { timeoutMs: 30_000 });
  }

  /** Starts the engine of a child started with `startOnCommand`, once it is `loaded`. */
  async begin(): Promise<void> {
    await this.loaded();
    this.send('start');
    await this.waitFor((m) => m.kind === 'ready');
  }

  /** Freezes the child (SIGSTOP) at `stage` of its next batch; resolves once it is frozen. */
  async freezeNext(stage: RelayFreezePoint['stage']): Promise<RelayChildMessage> {
    this.send(`freeze ${stage}`);
    return this.waitFor((m) => m.kind === 'frozen');
  }

  /** Message ids of every batch the broker confirmed to this child. */
  publishedIds(): string[] {
    return this.messages.filter((m) => m.kind === 'published').flatMap((m) => m.ids ?? []);
  }
}
