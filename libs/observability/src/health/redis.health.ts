import type { RedisClient } from '@cqrs-ddd/redis';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Redis through the client of `RedisModule` (`@cqrs-ddd/redis`). */
export class RedisHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly client: RedisClient,
    private readonly timeoutMs: number,
  ) {}

  /** `up` when `PING` answers within the timeout (a disconnected client queues it: `down`). */
  ping<const Key extends string>(key: Key): PromiseLike<HealthIndicatorResult<Key>> {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await this.client.ping();
      })
      .withTimeout(this.timeoutMs);
  }
}
