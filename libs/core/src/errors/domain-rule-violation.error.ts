import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** A business invariant refused the operation (e.g. confirming an empty order). */
export class DomainRuleViolation extends CqrsDddError {
  static readonly CODE = 'DOMAIN_RULE_VIOLATION';
  readonly code = DomainRuleViolation.CODE;

  constructor(
    /** Stable name of the rule, e.g. `order.cannot-confirm-empty`. */
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is a {@link DomainRuleViolation}. */
export function isDomainRuleViolation(error: unknown): error is DomainRuleViolation {
  return hasErrorCode(error, DomainRuleViolation.CODE);
}
