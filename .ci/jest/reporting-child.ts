import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What every line a {@link ReportingChild} prints carries. */
export interface ChildReport {
  readonly kind: string;
}

const running = new Set<ReportingChild<ChildReport>>();

/**
 * A Node script in a child process (the crash and takeover tests: SIGSTOP, SIGKILL) that
 * reports what it does on stdout, one JSON object a line; a line that is not JSON is kept as
 * `{ kind: 'log', message }`. The script should exit when its stdin ends, so that it never
 * outlives the test process.
 */
export class ReportingChild<M extends ChildReport> {
  /** Every line reported so far, in order. */
  readonly messages: M[] = [];
  /** Resolves once the process has exited and its output has been read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private readonly waiters = new Set<() => void>();
  private readonly child: ChildProcess;

  /** Starts `node <script> ...args`; `label` names it in failures. */
  protected constructor(
    script: string,
    args: readonly string[],
    private readonly label: string,
  ) {
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.messages.push(parseLine(line) as M);
      for (const wake of this.waiters) wake();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    running.add(this);
    // 'close', not 'exit': every line the process printed has been read by then.
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        running.delete(this);
        for (const wake of this.waiters) wake();
        resolve({ code, signal });
      });
    });
  }

  /** Kills (SIGKILL) every child still running, of any subclass: for `afterAll`/`afterEach`. */
  static async killAll(): Promise<void> {
    await Promise.all([...running].map((child) => child.kill()));
  }

  /** Messages matching `predicate`. */
  count(predicate: (message: M) => boolean): number {
    return this.messages.filter(predicate).length;
  }

  /**
   * Resolves the `nth` message matching `predicate` (1-based), waiting for it; fails after
   * `timeoutMs` or when the process exits first.
   */
  async waitFor(
    predicate: (message: M) => boolean,
    { nth = 1, timeoutMs = 15_000 } = {},
  ): Promise<M> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= nth) return found[nth - 1];
      const remaining = deadline - Date.now();
      if (exited || remaining <= 0) {
        throw new Error(
          `Child ${this.label} ${exited ? 'exited' : 'timed out'} before the ` +
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

  /** Writes `line` to the process's stdin (a command of the script's own). */
  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
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

function parseLine(line: string): ChildReport {
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    return { kind: 'log', message: line } as ChildReport;
  }
}
