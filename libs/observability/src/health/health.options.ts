import type { HealthOptions } from '../module/observability.options.js';

/** Injection token of the {@link ResolvedHealthOptions} of `ObservabilityHealthModule`. */
export const OBSERVABILITY_HEALTH_OPTIONS = Symbol('cqrs-ddd:OBSERVABILITY_HEALTH_OPTIONS');

/** The thresholds a processor (projection or outbox publisher) must stay within. */
export interface ProcessorThresholds {
  readonly maxEventsBehind: number;
  readonly maxSecondsBehind: number;
}

/** {@link HealthOptions} with the documented defaults applied. */
export interface ResolvedHealthOptions {
  readonly path: string;
  readonly processors: ProcessorThresholds;
  readonly maxTransactionAgeSeconds: number;
  readonly timeoutMs: number;
}

/** Applies the defaults of {@link HealthOptions}. */
export function resolveHealthOptions(options: HealthOptions): ResolvedHealthOptions {
  return {
    path: options.path ?? 'health',
    processors: {
      maxEventsBehind: options.processors?.maxEventsBehind ?? 10_000,
      maxSecondsBehind: options.processors?.maxSecondsBehind ?? 60,
    },
    maxTransactionAgeSeconds: options.maxTransactionAgeSeconds ?? 60,
    timeoutMs: options.timeoutMs ?? 2_000,
  };
}
