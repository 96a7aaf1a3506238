import { AuditConfigurationError } from '../chain/audit-configuration.error.js';
import type { AuditModuleOptions, AuditRetentionOptions } from './audit-module.options.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The validated {@link AuditModuleOptions} with defaults applied. */
export class AuditSettings {
  private constructor(
    /** Which queries are audited. */
    readonly queries: 'sensitive' | 'all',
    /** Keys and paths redacted in addition to the built-in keys. */
    readonly redact: readonly string[],
    /** Retention, when entries are purged. */
    readonly retention: Required<AuditRetentionOptions> | undefined,
  ) {}

  /**
   * Validates `options`.
   * @throws AuditConfigurationError naming the first invalid option
   */
  static from(options: AuditModuleOptions): AuditSettings {
    const { queries = 'sensitive', redact = [], retention } = options ?? {};
    if (options?.store === undefined || options.store === null) {
      throw new AuditConfigurationError(
        "AuditModule: set 'store' to 'postgres', 'memory', an AuditStore class or an instance.",
      );
    }
    if (queries !== 'sensitive' && queries !== 'all') {
      throw new AuditConfigurationError(
        `AuditModule: 'queries' must be 'sensitive' or 'all', got ${JSON.stringify(queries)}.`,
      );
    }
    for (const rule of redact) {
      const segments = typeof rule === 'string' ? rule.split('.') : [];
      if (segments.length === 0 || segments.some((segment) => segment.trim() === '')) {
        throw new AuditConfigurationError(
          `AuditModule: 'redact' entries are keys or dotted paths such as 'payment.card.number', ` +
            `got ${JSON.stringify(rule)}.`,
        );
      }
    }
    return new AuditSettings(queries, [...redact], retention && resolveRetention(retention));
  }

  /** Entries occurring before this instant are due for purging at `now`. */
  retentionCutoff(now: Date): Date | undefined {
    return this.retention && new Date(now.getTime() - this.retention.days * DAY_MS);
  }
}

function resolveRetention(retention: AuditRetentionOptions): Required<AuditRetentionOptions> {
  const { days, sweepIntervalMs = HOUR_MS } = retention;
  if (!(typeof days === 'number' && Number.isFinite(days) && days > 0)) {
    throw new AuditConfigurationError(
      `AuditModule: 'retention.days' must be a positive number of days, got ${JSON.stringify(days)}.`,
    );
  }
  if (!(Number.isSafeInteger(sweepIntervalMs) && sweepIntervalMs > 0)) {
    throw new AuditConfigurationError(
      "AuditModule: 'retention.sweepIntervalMs' must be a positive integer of milliseconds, " +
        `got ${JSON.stringify(sweepIntervalMs)}.`,
    );
  }
  return { days, sweepIntervalMs };
}
