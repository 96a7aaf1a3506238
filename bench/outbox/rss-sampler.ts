/** Samples the process RSS while a phase runs: where it started, its peak and where it ended. */

/** RSS of one phase, in MB. */
export interface RssFigures {
  readonly startMb: number;
  readonly peakMb: number;
  readonly endMb: number;
}

const SAMPLE_EVERY_MS = 20;
const mb = (bytes: number) => bytes / 2 ** 20;

/** Samples `process.memoryUsage.rss()` every 20 ms from its construction to {@link stop}. */
export class RssSampler {
  private readonly start = process.memoryUsage.rss();
  private peak = this.start;
  private readonly timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);

  /** Takes one sample now (also called from the phase's progress callbacks). */
  sample(): number {
    const rss = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rss);
    return rss;
  }

  /** Stops sampling; the figures of the phase. */
  stop(): RssFigures {
    clearInterval(this.timer);
    const end = this.sample();
    return { startMb: mb(this.start), peakMb: mb(this.peak), endMb: mb(end) };
  }
}
