import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import type { AccessResource } from '../policies/access-policy.js';

/** Options of {@link Authorize}. */
export interface AuthorizeOptions<M extends object = object> {
  /**
   * The resource the message acts on: a fixed `{ type }`, or a function of the message, e.g.
   * `(command: ConfirmOrder) => ({ type: 'Order', id: command.orderId })`. When a policy that
   * applies has a condition on the resource, its `attributes` are checked: the ones given
   * here (e.g. those of an order being created), else the ones the `@ResourceLoader(type)`
   * provider loads for `id` (loaded only then).
   * @default no resource: RBAC and the policies decide; a condition on resource attributes
   *   then denies (fail closed), unless `filter` is set
   */
  readonly resource?: AccessResource | ((message: M) => AccessResource);
  /**
   * `true` for list queries: conditions on resource attributes do not deny the message here —
   * its handler pushes them down into the read with `AccessScope.restrict(...)`. When `false`,
   * a condition that cannot be checked (no resource id to load) denies the message.
   * @default false
   */
  readonly filter?: boolean;
}

/** What {@link Authorize} declared on a command or query class. */
export interface AuthorizationRequirement<M extends object = object> extends AuthorizeOptions<M> {
  /** The action, `<resource>:<verb>` (e.g. `order:confirm`). */
  readonly action: string;
}

/** Metadata key under which {@link Authorize} stores the {@link AuthorizationRequirement}. */
export const AUTHORIZATION_REQUIREMENT = 'cqrs-ddd:access-control:authorize';

/**
 * Declares what executing a command or query requires: the action (a permission its caller's
 * roles must grant) and, optionally, the resource it acts on. The `authorization` pipeline
 * step checks it for every execution, whatever the entry point (REST, GraphQL, broker
 * consumers, CLI); messages without a declaration follow the module's `defaultDecision`
 * (`'deny'` by default). Subclasses inherit the declaration of their parent class.
 *
 * @example
 * @Authorize('order:confirm', { resource: (c: ConfirmOrder) => ({ type: 'Order', id: c.orderId }) })
 * export class ConfirmOrder { constructor(readonly orderId: string) {} }
 *
 * @Authorize('order:read', { resource: { type: 'Order' }, filter: true })
 * export class ListOrders { ... }
 * @throws AccessControlConfigurationError when `action` is not a concrete `<resource>:<verb>` action.
 */
export function Authorize<M extends object>(
  action: string,
  options: AuthorizeOptions<M> = {},
): (target: abstract new (...args: never[]) => M) => void {
  assertConcreteAction(action, '@Authorize()');
  const requirement: AuthorizationRequirement<M> = Object.freeze({ ...options, action });
  return (target) => {
    Reflect.defineMetadata(AUTHORIZATION_REQUIREMENT, requirement, target);
  };
}

/** The requirement declared with {@link Authorize} on `messageClass` (or a parent class), if any. */
export function authorizationOf(messageClass: object): AuthorizationRequirement | undefined {
  return Reflect.getMetadata(AUTHORIZATION_REQUIREMENT, messageClass) as
    AuthorizationRequirement | undefined;
}

/** The resource `requirement` names for `message`, if any. */
export function resourceOf(
  requirement: AuthorizationRequirement,
  message: object,
): AccessResource | undefined {
  const { resource } = requirement;
  return typeof resource === 'function' ? resource(message) : resource;
}

/**
 * Checks that `action` is a concrete action (`:`-separated non-empty names, no `*`): the
 * thing a caller does, as opposed to a permission pattern that roles grant.
 * @throws AccessControlConfigurationError naming `owner`.
 */
export function assertConcreteAction(action: unknown, owner: string): asserts action is string {
  const valid =
    typeof action === 'string' &&
    action.split(':').every((segment) => segment !== '' && segment.trim() === segment) &&
    !action.includes('*');
  if (!valid) {
    throw new AccessControlConfigurationError(
      `${owner} needs a concrete action such as 'order:confirm', got ${JSON.stringify(action)}`,
    );
  }
}
