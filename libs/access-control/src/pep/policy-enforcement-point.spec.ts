import { runInContext } from '@cqrs-ddd/core';
import { describe, expect, it, jest } from '@jest/globals';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import { AccessControlSettings } from '../module/access-control.settings.js';
import { definePolicy } from '../policies/access-policy.js';
import {
  alice,
  approvalLimit,
  auditor,
  notSuspended,
  ownRegion,
  ownTenant,
  rbac,
  ScriptedPdp,
  setUp,
} from './policy-enforcement-point.fixture.js';
import { PolicyEnforcementPoint } from './policy-enforcement-point.js';

describe('PolicyEnforcementPoint.authorize', () => {
  it('denies an anonymous caller as unauthenticated', async () => {
    const { pep, listener } = setUp();
    expect(await pep.authorize(undefined, 'order:read')).toEqual({
      allowed: false,
      reason: 'unauthenticated',
    });
    expect(listener.denials).toHaveLength(0);
  });

  it('denies without a permission matching the action, naming it', async () => {
    const { pep } = setUp();
    expect(await pep.authorize(auditor, 'order:confirm')).toEqual({
      allowed: false,
      reason: 'missing permission order:confirm',
    });
  });

  it('allows through inherited permissions, without filter when unconditional', async () => {
    const { pep } = setUp();
    expect(await pep.authorize(alice, 'order:create')).toEqual({
      allowed: true,
      reason: 'permission order:create granted',
    });
  });

  it('checks RBAC before the policies', async () => {
    const condition = jest.fn(() => true);
    const { pep } = setUp({
      policies: [definePolicy({ name: 'spy', actions: ['*'], condition })],
    });
    await pep.authorize(auditor, 'order:read');
    expect(condition).not.toHaveBeenCalled();
  });

  it('denies with the description of a policy that is false', async () => {
    const { pep } = setUp({ policies: [notSuspended] });
    const suspended = { ...alice, attributes: { ...alice.attributes, suspended: true } };
    expect(await pep.authorize(suspended, 'order:read')).toEqual({
      allowed: false,
      reason: "policy 'not suspended' does not allow it",
      policy: 'not suspended',
    });
  });

  it('evaluates a Specification against the given resource attributes', async () => {
    const { pep } = setUp({ policies: [approvalLimit] });
    const order = (total: number) => ({ type: 'Order', id: 'o1', attributes: { total } });
    expect(await pep.authorize(alice, 'order:confirm', order(900))).toEqual({
      allowed: true,
      reason: 'permission order:confirm granted',
    });
    expect(await pep.authorize(alice, 'order:confirm', order(1500))).toEqual({
      allowed: false,
      reason: 'approvers may confirm orders up to their approval limit only',
      policy: 'approval limit',
    });
  });

  it('collects the Specifications into an AND filter when no attributes are given', async () => {
    const { pep } = setUp({ policies: [ownRegion, ownTenant, approvalLimit] });
    const decision = await pep.authorize(alice, 'order:read', { type: 'Order' });
    expect(decision.allowed).toBe(true);
    expect(decision.filter).toEqual({
      op: 'and',
      specs: [
        { op: 'eq', field: 'region', value: 'eu' },
        { op: 'eq', field: 'tenantId', value: 'acme' },
      ],
    });
    const single = await setUp({ policies: [ownRegion] }).pep.authorize(alice, 'order:read');
    expect(single.filter).toEqual({ op: 'eq', field: 'region', value: 'eu' });
  });

  it('ignores policies of another resource type', async () => {
    const { pep } = setUp({ policies: [ownRegion] });
    const decision = await pep.authorize(alice, 'order:read', { type: 'Invoice' });
    expect(decision).toEqual({ allowed: true, reason: 'permission order:read granted' });
  });

  it('denies when a policy condition throws (fail closed)', async () => {
    const broken = definePolicy({
      name: 'broken',
      description: 'broken rule',
      actions: ['order:read'],
      condition: () => {
        throw new Error('boom');
      },
    });
    const { pep } = setUp({ policies: [broken] });
    expect(await pep.authorize(alice, 'order:read')).toMatchObject({
      allowed: false,
      reason: 'broken rule',
      policy: 'broken',
    });
  });

  it('gives policies `now` from the Clock, the correlation id and extra facts', async () => {
    const seen: unknown[] = [];
    const spy = definePolicy({
      name: 'spy',
      actions: ['*'],
      condition: ({ environment }) => seen.push(environment) > 0,
    });
    const { pep } = setUp({ policies: [spy] });
    await runInContext({ correlationId: 'corr-1' }, () =>
      pep.authorize(alice, 'order:read', undefined, { ip: '10.0.0.1' }),
    );
    expect(seen).toEqual([
      { now: new Date('2025-06-01T10:00:00Z'), correlationId: 'corr-1', ip: '10.0.0.1' },
    ]);
  });

  it('uses the system time without a Clock', async () => {
    const seen: Date[] = [];
    const spy = definePolicy({
      name: 'spy',
      actions: ['*'],
      condition: ({ environment }) => seen.push(environment.now) > 0,
    });
    const pep = new PolicyEnforcementPoint(
      AccessControlSettings.from({ rbac, policies: [spy] }),
      new AccessDeniedNotifier([]),
    );
    const before = Date.now();
    await pep.authorize(alice, 'order:read');
    expect(seen[0]!.getTime()).toBeGreaterThanOrEqual(before);
    expect(seen[0]!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('PolicyEnforcementPoint and the PDP', () => {
  it('asks the PDP last (never after an RBAC or policy denial) and follows its denial', async () => {
    const pdp = new ScriptedPdp(async () => ({ allowed: false, reason: 'outside business hours' }));
    const { pep } = setUp({ policies: [notSuspended], pdp });
    const decision = await pep.authorize(alice, 'order:confirm', { type: 'Order', id: 'o1' });
    expect(decision).toEqual({ allowed: false, reason: 'outside business hours' });
    expect(pdp.requests[0]).toMatchObject({
      principal: alice,
      action: 'order:confirm',
      resource: { type: 'Order', id: 'o1' },
      environment: { now: new Date('2025-06-01T10:00:00Z') },
    });
    await pep.authorize(auditor, 'order:read');
    const suspended = { ...alice, attributes: { suspended: true } };
    await pep.authorize(suspended, 'order:read');
    expect(pdp.requests).toHaveLength(1);
  });

  it('allows when the PDP allows, and denies when it answers without reason or throws', async () => {
    const allow = setUp({ pdp: new ScriptedPdp(async () => ({ allowed: true })) });
    expect((await allow.pep.authorize(alice, 'order:read')).allowed).toBe(true);
    const silent = setUp({ pdp: new ScriptedPdp(async () => ({ allowed: false })) });
    expect(await silent.pep.authorize(alice, 'order:read')).toEqual({
      allowed: false,
      reason: 'denied by the policy decision point',
    });
    const failing = setUp({ pdp: new ScriptedPdp(() => Promise.reject(new Error('down'))) });
    expect(await failing.pep.authorize(alice, 'order:read')).toEqual({
      allowed: false,
      reason: 'policy decision point failed',
    });
  });
});
