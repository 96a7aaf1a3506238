import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** What a check found: healthy or not, and the details to report either way. */
export interface HealthVerdict {
  readonly healthy: boolean;
  readonly details: Record<string, unknown>;
}

/**
 * Runs `check` within `timeoutMs` and reports its verdict as `up` or `down` with its details;
 * a check that fails or does not answer in time is `down` with the reason as `message`. Never
 * rejects (terminus answers 500 when an indicator throws).
 */
export async function reportVerdict<const Key extends string>(
  indicators: HealthIndicatorService,
  key: Key,
  timeoutMs: number,
  check: () => Promise<HealthVerdict>,
): Promise<HealthIndicatorResult<Key>> {
  const session = indicators.check(key);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${timeoutMs}ms exceeded`)), timeoutMs);
  });
  try {
    const { healthy, details } = await Promise.race([check(), timeout]);
    return healthy ? session.up(details) : session.down(details);
  } catch (error) {
    return session.down({ message: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }
}
