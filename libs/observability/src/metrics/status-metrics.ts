import { OutboxService } from '@cqrs-ddd/outbox';
import { ProjectionsService } from '@cqrs-ddd/projections';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { MetricsSettings } from '../module/observability.settings.js';
import { sharedInFlight } from './in-flight.js';
import { MetricsRegistry } from './metrics-registry.js';
import { METRICS_SETTINGS } from './metrics.tokens.js';
import { registerOutboxMetrics } from './outbox-metrics.collector.js';
import { registerProcessorRunning } from './processor-running.collector.js';
import { registerProjectionMetrics } from './projection-metrics.collector.js';

/**
 * Registers the series read at each scrape from the app's processors: projection lag and
 * parked events (when the global `ProjectionsModule` is imported), outbox figures (when the
 * `OutboxModule` is), and `cqrs_processor_running`. Each status is read once per scrape; when
 * reading fails (a database down), the scrape still answers, without those series, and the
 * failure is logged.
 */
@Injectable()
export class StatusMetrics {
  private readonly logger = new Logger('ObservabilityModule');

  constructor(
    metrics: MetricsRegistry,
    @Inject(METRICS_SETTINGS) settings: MetricsSettings,
    @Optional() projections?: ProjectionsService,
    @Optional() outbox?: OutboxService,
  ) {
    const { registry } = metrics;
    const projectionStatuses = projections
      ? this.guarded('projection', () => projections.statusByTarget())
      : undefined;
    const outboxStatuses = outbox ? this.guarded('outbox', () => outbox.status()) : undefined;
    if (projectionStatuses)
      registerProjectionMetrics(registry, settings.prefix, projectionStatuses);
    if (outboxStatuses) registerOutboxMetrics(registry, settings.prefix, outboxStatuses);
    if (projectionStatuses || outboxStatuses) {
      registerProcessorRunning(registry, settings.prefix, {
        projections: projectionStatuses,
        outbox: outboxStatuses,
      });
    }
  }

  private guarded<T>(what: string, load: () => Promise<T[]>): () => Promise<T[]> {
    return sharedInFlight(async () => {
      try {
        return await load();
      } catch (error) {
        this.logger.warn(`Reading the ${what} status for /metrics failed: ${String(error)}`);
        return [];
      }
    });
  }
}
