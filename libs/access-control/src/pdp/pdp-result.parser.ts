import type { PolicyDecisionPointAnswer } from './policy-decision-point.port.js';

const MAX_REASON_LENGTH = 200;

/**
 * Reads an OPA-style response body: `{ result: boolean }` or
 * `{ result: { allow: boolean, reason?: string } }`. Anything else (including OPA's `{}` for
 * an undefined decision) is `undefined`: not a decision.
 */
export function parsePdpResult(body: unknown): PolicyDecisionPointAnswer | undefined {
  const result = (body as { result?: unknown } | null | undefined)?.result;
  if (typeof result === 'boolean') return result ? { allowed: true } : denied();
  if (typeof result !== 'object' || result === null) return undefined;
  const { allow, reason } = result as { allow?: unknown; reason?: unknown };
  if (typeof allow !== 'boolean') return undefined;
  const text = typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : undefined;
  if (allow) return text === undefined ? { allowed: true } : { allowed: true, reason: text };
  return denied(text);
}

function denied(reason = 'denied by the policy decision point'): PolicyDecisionPointAnswer {
  return { allowed: false, reason: reason.slice(0, MAX_REASON_LENGTH) };
}
