import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LogPosition } from '@cqrs-ddd/core';

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

const running = new Set<ProcessorChild>();

/**
 * A processor instance in a child process (`node processor-instance.fixture.mjs`, on the built
 * libraries: see `ensureLibsBuilt`), with what it reported on stdout.
 */
export class ProcessorChild {
  readonly messages: ChildMessage[] = [];
  /** Resolves once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly config: ChildConfig,
    private readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as ChildMessage);
      for (const wake of this.waiters) wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(this);
        for (const wake of this.waiters) wake();
        resolve({ code, signal });
      });
    });
  }

  /** Starts a child; it reports `ready` once its engine runs. */
  static start(config: ChildConfig): ProcessorChild {
    const child = spawn(process.execPath, [SCRIPT, JSON.stringify(config)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const processorChild = new ProcessorChild(config, child);
    running.add(processorChild);
    return processorChild;
  }

  /** Kills (SIGKILL) every child still running: for `afterAll`. */
  static async killAll(): Promise<void> {
    await Promise.all([...running].map((child) => child.kill()));
  }

  /** Messages matching `predicate`. */
  count(predicate: (message: ChildMessage) => boolean): number {
    return this.messages.filter(predicate).length;
  }

  /**
   * Resolves the `nth` message matching `predicate` (1-based), waiting for it; fails after
   * `timeoutMs` or when the process exits first.
   */
  async waitFor(
    predicate: (message: ChildMessage) => boolean,
    { nth = 1, timeoutMs = 15_000 } = {},
  ): Promise<ChildMessage> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= nth) return found[nth - 1];
      const remaining = deadline - Date.now();
      if (exited || remaining <= 0) {
        throw new Error(
          `Child ${this.config.instanceId} ${exited ? 'exited' : 'timed out'} before the ` +
            `expected message (${found.length}/${nth} seen); stderr: ${this.stderr || '(empty)'}; ` +
            `last lines: ${JSON.stringify(this.messages.slice(-5))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  /** Sends `signal` to the process. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGKILL, then waits for the exit. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.signal('SIGKILL');
    await this.exited;
  }
}
