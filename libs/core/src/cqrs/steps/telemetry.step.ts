import { currentRequestContext } from '../../context/request-context-scope.js';
import { instrument, isTelemetryActive } from '../../telemetry/instrument.js';
import { TELEMETRY_ATTRIBUTES } from '../../telemetry/instrumented-operation.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler } from '../pipeline-step.js';

/** A stable error code: upper-case, digits and underscores (what suite errors use). */
const STABLE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The code metrics and spans report for a failure: the error's `code` when it is a stable
 * upper-case code (a `CqrsDddError`'s), else `UNKNOWN` — never a message or a free-form value,
 * so the set of values stays bounded.
 */
export function telemetryErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && STABLE_CODE.test(code) ? code : 'UNKNOWN';
}

/**
 * Order 150, always on, inside the context step (so the request context — and the caller's
 * `traceparent` — exist). Runs each execution as the instrumented operation `command` or
 * `query` (`command PlaceOrder`): a span child of the caller's trace, and a measurement for
 * telemetry observers, with kind, type, tenant, outcome and error code. Calls `next` directly
 * while telemetry is off.
 */
export class TelemetryStep implements PipelineStepHandler {
  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    if (!isTelemetryActive()) return next();
    const { kind, messageType } = context;
    return instrument(
      {
        operation: kind,
        name: `${kind} ${messageType}`,
        attributes: {
          [TELEMETRY_ATTRIBUTES.messageKind]: kind,
          [TELEMETRY_ATTRIBUTES.messageType]: messageType,
          [TELEMETRY_ATTRIBUTES.tenant]: currentRequestContext()?.tenantId,
        },
      },
      async (run) => {
        try {
          const result = await next();
          run.setAttributes({ [TELEMETRY_ATTRIBUTES.outcome]: 'success' });
          return result;
        } catch (error) {
          run.setAttributes({
            [TELEMETRY_ATTRIBUTES.outcome]: 'error',
            [TELEMETRY_ATTRIBUTES.errorCode]: telemetryErrorCode(error),
          });
          throw error;
        }
      },
    );
  }
}
