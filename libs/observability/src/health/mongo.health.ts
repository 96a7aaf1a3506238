import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Connection } from 'mongoose';

/** MongoDB through the app's mongoose connection (`MongooseModule.forRoot`). */
export class MongoHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly connection: Connection,
    private readonly timeoutMs: number,
  ) {}

  /** `up` when the server answers the `ping` command within the timeout. */
  ping<const Key extends string>(key: Key): PromiseLike<HealthIndicatorResult<Key>> {
    return this.indicators
      .check(key)
      .attempt(async () => {
        const { db } = this.connection;
        if (!db) throw new Error('the mongoose connection is not open');
        await db.admin().ping();
      })
      .withTimeout(this.timeoutMs);
  }
}
