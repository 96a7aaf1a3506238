/** Options of {@link Audited}. */
export interface AuditedOptions<M extends object = object> {
  /**
   * Action of the entries, e.g. `order:confirm`.
   * @default the `@Authorize(...)` action of the message (access-control), else its type
   */
  readonly action?: string;
  /**
   * The resource the message acts on: its type and a function giving its id from the message
   * and, for successes, the handler's result (e.g. the id a create command generated); an
   * `undefined` id records no resource.
   * @default the resource `@Authorize(...)` names by id, else none
   */
  readonly resource?: {
    readonly type: string;
    readonly id: (message: M, result?: unknown) => string | undefined;
  };
  /**
   * Record the message's payload, redacted, as the entry's `details`.
   * @default true
   */
  readonly payload?: boolean;
}

/** Metadata key under which {@link Audited} stores its options. */
export const AUDITED_OPTIONS = 'cqrs-ddd:audit:audited';

/**
 * Audit settings of a command or query class. Every command is audited anyway; a query is
 * audited only when its class is marked `@Audited()` (sensitive reads: exports, personal
 * data), unless `AuditModule`'s `queries` option is `'all'`. Subclasses inherit it.
 *
 * @example
 * @Audited({ resource: { type: 'Customer', id: (q: GetCustomerProfile) => q.customerId } })
 * export class GetCustomerProfile { constructor(readonly customerId: string) {} }
 */
export function Audited<M extends object>(
  options: AuditedOptions<M> = {},
): (target: abstract new (...args: never[]) => M) => void {
  const frozen = Object.freeze({ ...options });
  return (target) => {
    Reflect.defineMetadata(AUDITED_OPTIONS, frozen, target);
  };
}

/** The options {@link Audited} declared on `messageClass` (or a parent class), if any. */
export function auditedOptionsOf(messageClass: object): AuditedOptions | undefined {
  return Reflect.getMetadata(AUDITED_OPTIONS, messageClass) as AuditedOptions | undefined;
}
