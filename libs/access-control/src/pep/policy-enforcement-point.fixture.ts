import { type Principal, where } from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { AccessDeniedListener } from '../denials/access-denied.listener.js';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import type { AccessControlModuleOptions } from '../module/access-control-module.options.js';
import { AccessControlSettings } from '../module/access-control.settings.js';
import {
  PolicyDecisionPoint,
  type PolicyDecisionPointAnswer,
} from '../pdp/policy-decision-point.port.js';
import { type AccessRequest, definePolicy } from '../policies/access-policy.js';
import type { AccessDecision } from './access-decision.js';
import { PolicyEnforcementPoint } from './policy-enforcement-point.js';

// Shared by the PolicyEnforcementPoint specs: listeners, a scripted PDP, the order policies.

/** Records every denial it is told about. */
export class RecordingListener extends AccessDeniedListener {
  readonly denials: Array<{ request: AccessRequest; decision: AccessDecision }> = [];
  onDenied(request: AccessRequest, decision: AccessDecision): void {
    this.denials.push({ request, decision });
  }
}

/** Fails on every denial. */
export class ThrowingListener extends AccessDeniedListener {
  onDenied(): never {
    throw new Error('listener down');
  }
}

/** A PDP answering with `answer()`, recording the requests. */
export class ScriptedPdp extends PolicyDecisionPoint {
  readonly requests: AccessRequest[] = [];
  constructor(private readonly answer: () => Promise<PolicyDecisionPointAnswer>) {
    super();
  }
  decide(request: AccessRequest): Promise<PolicyDecisionPointAnswer> {
    this.requests.push(request);
    return this.answer();
  }
}

/** Approvers confirm orders up to their `approvalLimit` attribute. */
export const approvalLimit = definePolicy({
  name: 'approval limit',
  description: 'approvers may confirm orders up to their approval limit only',
  actions: ['order:confirm'],
  resourceType: 'Order',
  condition: ({ principal }) => where('total').lte(Number(principal.attributes?.approvalLimit)),
});
/** Readers see the orders of their `region` attribute. */
export const ownRegion = definePolicy({
  name: 'readers see only their region',
  actions: ['order:read'],
  resourceType: 'Order',
  condition: ({ principal }) => where('region').eq(String(principal.attributes?.region)),
});
/** Orders of the principal's tenant only. */
export const ownTenant = definePolicy({
  name: 'own tenant',
  actions: ['order:*'],
  resourceType: 'Order',
  condition: ({ principal }) => where('tenantId').eq(principal.tenantId ?? ''),
});
/** Suspended principals may do nothing. */
export const notSuspended = definePolicy({
  name: 'not suspended',
  actions: ['*'],
  condition: ({ principal }) => principal.attributes?.suspended !== true,
});

/** The reference roles plus an auditor. */
export const rbac = {
  roles: {
    'order:reader': ['order:read'],
    'order:writer': { inherits: ['order:reader'], permissions: ['order:create'] },
    'order:approver': { inherits: ['order:writer'], permissions: ['order:confirm'] },
    auditor: ['audit:read'],
  },
};

/** An approver of tenant acme, limit 1000, region eu. */
export const alice: Principal = {
  id: 'alice',
  tenantId: 'acme',
  roles: ['order:approver'],
  attributes: { approvalLimit: 1000, region: 'eu' },
  authMethod: 'jwt',
};
/** A principal without any order permission. */
export const auditor: Principal = { id: 'bob', roles: ['auditor'], authMethod: 'jwt' };

/** A PEP on `rbac` + `options` with a fake clock; denials go to `listeners` (default: a recorder). */
export function setUp(
  options: Partial<AccessControlModuleOptions> = {},
  listeners?: AccessDeniedListener[],
) {
  const listener = new RecordingListener();
  const clock = new FakeClock('2025-06-01T10:00:00Z');
  const pep = new PolicyEnforcementPoint(
    AccessControlSettings.from({ rbac, ...options }),
    new AccessDeniedNotifier(listeners ?? [listener]),
    clock,
  );
  return { pep, listener, clock };
}
