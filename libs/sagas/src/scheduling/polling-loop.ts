/**
 * Runs `tick` again and again until stopped: at once when it reports more work, else after
 * `idleMs`, or after `failureDelayMs(n)` following its n-th consecutive failure (reported to
 * `onError`). `stop()` resolves once the tick in flight, if any, has finished.
 */
export class PollingLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly idleMs: number,
    private readonly failureDelayMs: (failures: number) => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether the loop runs. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the loop (no-op when running). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.inFlight = this.loop();
  }

  /** Stops the loop; resolves once the current tick has finished. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.wakeUp?.();
    await this.inFlight;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let delay: number;
      try {
        const more = await this.tick();
        this.failures = 0;
        delay = more ? 0 : this.idleMs;
      } catch (error) {
        this.failures += 1;
        this.onError(error);
        delay = this.failureDelayMs(this.failures);
      }
      if (!this.running) return;
      if (delay > 0) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.timer = setTimeout(this.wakeUp, ms);
    });
  }
}
