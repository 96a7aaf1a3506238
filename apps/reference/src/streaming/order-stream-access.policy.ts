import { PolicyEnforcementPoint } from '@cqrs-ddd/access-control';
import type { Principal } from '@cqrs-ddd/core';
import {
  type EventStreamDefinition,
  type StreamAccessDecision,
  StreamAccessPolicy,
} from '@cqrs-ddd/streaming';
import { Injectable } from '@nestjs/common';
import { ORDER_RESOURCE } from '../access/order-access.rules.js';

/**
 * The app's access rules decide who reads an event stream: the stream's permission through the
 * policy enforcement point (RBAC roles of `ORDER_ACCESS_CONTROL`). A principal the rules only
 * allow on some orders (the customer scope) is refused: a stream cannot check each event
 * against the scope.
 */
@Injectable()
export class OrderStreamAccessPolicy extends StreamAccessPolicy {
  constructor(private readonly enforcement: PolicyEnforcementPoint) {
    super();
  }

  async decide(principal: Principal, stream: EventStreamDefinition): Promise<StreamAccessDecision> {
    if (stream.permission === undefined) return { allowed: true };
    const decision = await this.enforcement.authorize(principal, stream.permission, {
      type: ORDER_RESOURCE,
    });
    if (!decision.allowed) return { allowed: false, reason: decision.reason };
    if (decision.filter !== undefined) {
      return {
        allowed: false,
        reason: 'principals restricted to some orders cannot stream events',
      };
    }
    return { allowed: true };
  }
}
