import { fileURLToPath } from 'node:url';
import type { LogPosition } from '@cqrs-ddd/core';
import { ReportingChild } from '../../../../.ci/jest/reporting-child.js';

const SCRIPT = fileURLToPath(new URL('./processor-instance.fixture.mjs', import.meta.url));

/** Where a child stops itself (SIGSTOP): every given field must match. */
export interface FreezePoint {
  readonly processor: string;
  readonly partition?: number;
  /** While applying the `index`-th event (1-based) of its `batch`-th batch in this process. */
  readonly batch?: number;
  readonly index?: number;
  /** Right after its `commits`-th saved checkpoint in this process. */
  readonly commits?: number;
}

/** What processor-instance.fixture.mjs runs. */
export interface ChildConfig {
  readonly databaseUrl: string;
  readonly eventStoreSchema: string;
  readonly projectionsSchema: string;
  /** Engine instance id (lease sessions, checkpoint owner, ledger `handled_by`). */
  readonly instanceId: string;
  /** `application_name` of its PostgreSQL sessions. */
  readonly applicationName: string;
  /** `ledger-sql` and/or `ledger-projection`. */
  readonly processors: readonly string[];
  readonly partitions?: Readonly<Record<string, number>>;
  /** Pause before applying each event, in ms. @default 0 */
  readonly delayMs?: number;
  readonly freezeAt?: FreezePoint;
  readonly freezeAfterCommit?: FreezePoint;
  /** Run options over `RUN_OPTIONS` (JSON only). */
  readonly run?: { readonly leaseTtlMs?: number; readonly batchSize?: number };
}

/** A line the child printed. */
export interface ChildMessage {
  readonly kind: 'ready' | 'batch' | 'handling' | 'committed' | 'frozen' | 'log' | 'stopped';
  readonly processor?: string;
  readonly partition?: number;
  readonly batch?: number;
  readonly index?: number;
  readonly commits?: number;
  readonly size?: number;
  readonly first?: LogPosition;
  readonly last?: LogPosition;
  readonly position?: LogPosition;
  readonly level?: string;
  readonly message?: string;
}

/**
 * A processor instance in a child process (`node processor-instance.fixture.mjs`, on the built
 * libraries: see `ensureLibsBuilt`), with what it reported on stdout.
 */
export class ProcessorChild extends ReportingChild<ChildMessage> {
  private constructor(readonly config: ChildConfig) {
    super(SCRIPT, [JSON.stringify(config)], config.instanceId);
  }

  /** Starts a child; it reports `ready` once its engine runs. */
  static start(config: ChildConfig): ProcessorChild {
    return new ProcessorChild(config);
  }
}
