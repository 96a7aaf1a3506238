import type { MikroORM } from '@mikro-orm/core';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { reportVerdict } from './health-verdict.js';

/**
 * The oldest transaction another client backend of this database holds open (not idle), without
 * its query text: such a transaction holds back the gap-safe readers of the event log (they
 * only read below the oldest running transaction id) and VACUUM.
 */
const OLDEST_TRANSACTION = `
  select pid,
         state,
         application_name as "applicationName",
         backend_xid is not null as "holdsTransactionId",
         extract(epoch from clock_timestamp() - xact_start)::float8 as seconds
    from pg_stat_activity
   where datname = current_database()
     and pid <> pg_backend_pid()
     and backend_type = 'client backend'
     and xact_start is not null
     and state <> 'idle'
   order by xact_start
   limit 1`;

/** A row of {@link OLDEST_TRANSACTION}. */
interface OpenTransaction {
  readonly pid: number;
  readonly state: string;
  readonly applicationName: string;
  readonly holdsTransactionId: boolean;
  readonly seconds: number;
}

/** PostgreSQL (through the app's MikroORM): connectivity, and the oldest open transaction. */
export class PostgresHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    private readonly timeoutMs: number,
  ) {}

  /** `up` when `select 1` answers within the timeout (with its response time). */
  ping<const Key extends string>(key: Key): PromiseLike<HealthIndicatorResult<Key>> {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await this.orm.em.getConnection().execute('select 1');
      })
      .withTimeout(this.timeoutMs);
  }

  /**
   * `down` while another connection's transaction has been open longer than `maxAgeSeconds`;
   * details: `seconds` (rounded to 0.01 s), `pid`, `state`, `applicationName`,
   * `holdsTransactionId` (whether it wrote: only those stall the log readers) and the limit.
   */
  transactions<const Key extends string>(
    key: Key,
    maxAgeSeconds: number,
  ): Promise<HealthIndicatorResult<Key>> {
    return reportVerdict(this.indicators, key, this.timeoutMs, async () => {
      const [oldest] = await this.orm.em
        .getConnection()
        .execute<OpenTransaction[]>(OLDEST_TRANSACTION);
      if (!oldest) return { healthy: true, details: { maxAgeSeconds } };
      const seconds = Math.round(oldest.seconds * 100) / 100;
      return {
        healthy: oldest.seconds <= maxAgeSeconds,
        details: { oldestTransaction: { ...oldest, seconds }, maxAgeSeconds },
      };
    });
  }
}
