import type { Principal } from '@cqrs-ddd/core';
import type { EventStreamDefinition } from '../stream/event-stream.definition.js';

/** Outcome of {@link StreamAccessPolicy.decide}. */
export type StreamAccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; /** Why (safe to show the caller). */ readonly reason: string };

/**
 * Whether a principal may read a stream; asked once per connection, before any event is sent.
 * Applications replace it (e.g. with their access-control rules); the default,
 * {@link RoleStreamAccessPolicy}, compares the stream's `permission` with the principal's roles.
 */
export abstract class StreamAccessPolicy {
  /** The decision for `principal` reading `stream`. */
  abstract decide(
    principal: Principal,
    stream: EventStreamDefinition,
  ): Promise<StreamAccessDecision> | StreamAccessDecision;
}

/**
 * Default policy: a stream without `permission` is open to every authenticated principal; else
 * the principal needs a role named like the permission, or the permission in its `permissions`
 * attribute (a string array).
 */
export class RoleStreamAccessPolicy extends StreamAccessPolicy {
  decide(principal: Principal, stream: EventStreamDefinition): StreamAccessDecision {
    const { permission } = stream;
    if (permission === undefined) return { allowed: true };
    const listed = principal.attributes?.permissions;
    const granted =
      principal.roles.includes(permission) ||
      (Array.isArray(listed) && listed.includes(permission));
    return granted
      ? { allowed: true }
      : { allowed: false, reason: `missing permission ${permission}` };
  }
}
