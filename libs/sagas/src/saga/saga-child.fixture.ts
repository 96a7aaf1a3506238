import { fileURLToPath } from 'node:url';
import type { ProcessorRunOptions } from '@cqrs-ddd/projections';
import { ReportingChild } from '../../../../.ci/jest/reporting-child.js';

const SCRIPT = fileURLToPath(new URL('./saga-instance.fixture.mjs', import.meta.url));

/** The libraries the child runs on: build them with `ensureLibsBuilt(SAGA_CHILD_PROJECTS)`. */
export const SAGA_CHILD_PROJECTS = ['libs/sagas/tsconfig.lib.json'];

/** Where a child stops itself (SIGSTOP), inside an open transaction. */
export interface SagaFreezePoint {
  /**
   * `in-event`: the `nth` event applied (instance changed, commands recorded, checkpoint not
   * saved); `in-command`: the `nth` command executed (effect appended, dispatched mark set).
   */
  readonly stage: 'in-event' | 'in-command';
  readonly nth: number;
}

/** What saga-instance.fixture.mjs runs. */
export interface SagaChildConfig {
  readonly databaseUrl: string;
  /** Engine instance id (lease session) and `application_name`. */
  readonly instanceId: string;
  /** Schema of every table (event store, processors, sagas). */
  readonly schema: string;
  readonly sagaName: string;
  readonly run: Omit<ProcessorRunOptions, 'unitOfWork'>;
  readonly freeze?: SagaFreezePoint;
}

/** A line the child printed. */
export interface SagaChildMessage {
  readonly kind: 'loaded' | 'ready' | 'event' | 'executed' | 'frozen' | 'log' | 'stopped';
  readonly n?: number;
  readonly sagaId?: string;
  readonly step?: string;
  readonly message?: string;
}

/**
 * A saga worker in a child process (on the built libraries), with what it reported.
 * `killAll()` (inherited) kills every child left.
 */
export class SagaChild extends ReportingChild<SagaChildMessage> {
  private constructor(config: SagaChildConfig) {
    super(SCRIPT, [JSON.stringify(config)], config.instanceId);
  }

  /** Starts a child; it reports `loaded`, then waits for {@link begin}. */
  static start(
    instanceId: string,
    schema: string,
    sagaName: string,
    freeze?: SagaFreezePoint,
  ): SagaChild {
    return new SagaChild({
      databaseUrl: process.env.DATABASE_URL!,
      instanceId,
      schema,
      sagaName,
      run: {
        batchSize: 4,
        leaseTtlMs: 1_000,
        leaseRetryMs: 50,
        idlePollMs: 250,
        retry: { maxAttempts: 5, initialDelayMs: 20, maxDelayMs: 200 },
      },
      ...(freeze && { freeze }),
    });
  }

  /** Starts the engine once the child is set up. */
  async begin(): Promise<void> {
    await this.waitFor((m) => m.kind === 'loaded', { timeoutMs: 30_000 });
    this.send('start');
    await this.waitFor((m) => m.kind === 'ready');
  }
}
