import type { AccessDecision } from '../pep/access-decision.js';
import type { AccessRequest } from '../policies/access-policy.js';

/**
 * Hook called for every denial reported by `PolicyEnforcementPoint.enforce` / `filterFor`.
 * Every provider of the application that extends this class is discovered at start and
 * called in turn (the module registers {@link AuditAccessDeniedListener} by default). A
 * listener that throws is logged and skipped: it can never turn a denial into an allow.
 *
 * @example
 * @Injectable()
 * export class DenialMetrics extends AccessDeniedListener {
 *   onDenied(request: AccessRequest) { deniedCounter.inc({ action: request.action }); }
 * }
 */
export abstract class AccessDeniedListener {
  /** Called once per denial, after the decision; the request's principal may be absent. */
  abstract onDenied(request: AccessRequest, decision: AccessDecision): Promise<void> | void;
}
