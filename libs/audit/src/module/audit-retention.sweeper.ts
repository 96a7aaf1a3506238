import { Clock, SystemClock } from '@cqrs-ddd/core';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { AuditStore } from '../chain/audit.store.js';
import { AuditSettings } from './audit.settings.js';

/**
 * Purges entries older than `retention.days` (`AuditStore.purgeBefore`) once at start and then
 * every `retention.sweepIntervalMs`; idle without `retention`. A failed sweep is logged and
 * retried at the next interval. Stops on application shutdown, waiting for a running sweep.
 */
@Injectable()
export class AuditRetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditRetention');
  private readonly clock: Clock;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number | undefined>;

  constructor(
    private readonly settings: AuditSettings,
    private readonly store: AuditStore,
    @Optional() clock?: Clock,
  ) {
    this.clock = clock ?? new SystemClock();
  }

  onApplicationBootstrap(): void {
    const retention = this.settings.retention;
    if (!retention) return;
    this.timer = setInterval(() => void this.sweep(), retention.sweepIntervalMs);
    this.timer.unref();
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Purges the entries that are out of retention now (one sweep at a time: a call during a
   * running sweep joins it).
   * @returns how many entries were purged, `undefined` without retention or when it failed
   */
  sweep(): Promise<number | undefined> {
    this.running ??= this.purge().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purge(): Promise<number | undefined> {
    const cutoff = this.settings.retentionCutoff(this.clock.now());
    if (!cutoff) return undefined;
    try {
      const purged = await this.store.purgeBefore(cutoff);
      if (purged > 0)
        this.logger.log(`Purged ${purged} audit entries before ${cutoff.toISOString()}`);
      return purged;
    } catch (error) {
      this.logger.error(
        `Purging audit entries before ${cutoff.toISOString()} failed: ` +
          `${error instanceof Error ? error.message : String(error)} (retried at the next sweep)`,
      );
      return undefined;
    }
  }
}
