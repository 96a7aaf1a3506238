import {
  PipelineStep,
  type PipelineContext,
  type PipelineNext,
  type PipelineStepHandler,
} from '@cqrs-ddd/core';
import { ApiMetrics } from './api-metrics.js';

/** Stable error codes are upper-case words; anything else counts as `UNKNOWN` (bounded labels). */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Order 150, right inside the context step: counts and times every command and query through
 * the whole pipeline (validation, idempotency, retries, transaction), and counts failures by
 * their stable error code. Retried attempts count as one execution.
 */
@PipelineStep({ name: 'metrics', order: 150 })
export class CommandMetricsStep implements PipelineStepHandler {
  constructor(private readonly metrics: ApiMetrics) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const started = process.hrtime.bigint();
    const labels = { kind: context.kind, type: context.messageType };
    const observe = (outcome: 'success' | 'error') => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.messages.inc({ ...labels, outcome });
      this.metrics.messageDuration.observe({ ...labels, outcome }, seconds);
    };
    try {
      const result = await next();
      observe('success');
      return result;
    } catch (error) {
      observe('error');
      this.metrics.messageErrors.inc({ ...labels, code: errorCode(error) });
      throw error;
    }
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN';
}
