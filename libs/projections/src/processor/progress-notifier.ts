import type { LoggerService } from '@nestjs/common';
import type { ProcessorProgress, ProcessorProgressListener } from './processor-handle.js';

/**
 * Fans out a processor's progress in this instance: to `onProgress` listeners, and to callers
 * of `waitUntilProcessed` sleeping until something moved.
 */
export class ProgressNotifier {
  private version = 0;
  private readonly listeners = new Set<ProcessorProgressListener>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly logger: LoggerService) {}

  /** Changes with every published progress: pass it to {@link waitForProgress}. */
  get current(): number {
    return this.version;
  }

  /** Registers a listener; returns the unsubscribe function. */
  subscribe(listener: ProcessorProgressListener): () => void {
    const entry: ProcessorProgressListener = (progress) => listener(progress);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** A checkpoint was saved: wakes waiters and calls listeners (their errors are logged). */
  publish(progress: ProcessorProgress): void {
    this.version += 1;
    for (const wake of [...this.waiters]) wake();
    for (const listener of [...this.listeners]) {
      try {
        listener(progress);
      } catch (error) {
        this.logger.warn(
          `A progress listener of processor "${progress.processorName}" threw: ${String(error)}`,
        );
      }
    }
  }

  /** Resolves after the next progress since `since` (at once if there was one), or after `ms`. */
  waitForProgress(since: number, ms: number): Promise<void> {
    if (this.version !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
  }
}
