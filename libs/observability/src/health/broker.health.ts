import type { OutboxService } from '@cqrs-ddd/outbox';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { reportVerdict } from './health-verdict.js';

/**
 * The brokers the outbox publishes to, as its publishers see them: a publisher whose partition
 * is `retrying` cannot publish (the broker refuses or cannot be reached), and the broker is
 * `down` until a publish succeeds again. The transports connect on first use, so a broker is
 * only judged once a publisher had something to publish. Details per publisher (and target):
 * `status`, `transport`, `lastError`, `published`, `failed`, `lastPublishedAt`.
 */
export class BrokerHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly outbox: OutboxService,
    private readonly transports: ReadonlyMap<string, string>,
    private readonly timeoutMs: number,
  ) {}

  /** Checks every publisher of every storage target. */
  check<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    return reportVerdict(this.indicators, key, this.timeoutMs, async () => {
      let healthy = true;
      const details: Record<string, unknown> = {};
      for (const status of await this.outbox.status()) {
        const failing = status.partitions.find((p) => p.state === 'retrying');
        healthy &&= failing === undefined;
        const { name, target, tenantId, published, failed, lastPublishedAt } = status;
        details[tenantId === undefined ? name : `${name}@${target}`] = {
          status: failing ? 'down' : 'up',
          transport: this.transports.get(name),
          published,
          failed,
          ...(lastPublishedAt === undefined ? {} : { lastPublishedAt }),
          ...(failing?.lastError === undefined ? {} : { lastError: failing.lastError }),
        };
      }
      return { healthy, details };
    });
  }
}
