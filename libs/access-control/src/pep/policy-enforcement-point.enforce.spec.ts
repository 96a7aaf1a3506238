import { ForbiddenError, UnauthenticatedError } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import {
  alice,
  approvalLimit,
  auditor,
  ownRegion,
  ownTenant,
  RecordingListener,
  setUp,
  ThrowingListener,
} from './policy-enforcement-point.fixture.js';

describe('PolicyEnforcementPoint.enforce', () => {
  it('returns the decision when allowed', async () => {
    const { pep, listener } = setUp();
    await expect(pep.enforce(alice, 'order:read')).resolves.toMatchObject({ allowed: true });
    expect(listener.denials).toHaveLength(0);
  });

  it('throws UnauthenticatedError without principal and reports the denial', async () => {
    const { pep, listener } = setUp();
    await expect(pep.enforce(undefined, 'order:read')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(listener.denials[0]!.decision.reason).toBe('unauthenticated');
  });

  it('throws ForbiddenError(action, reason) and reports request and decision', async () => {
    const { pep, listener } = setUp({ policies: [approvalLimit] });
    const resource = { type: 'Order', id: 'o1', attributes: { total: 5000 } };
    const error = await pep.enforce(alice, 'order:confirm', resource).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({
      action: 'order:confirm',
      reason: 'approvers may confirm orders up to their approval limit only',
    });
    expect(listener.denials).toEqual([
      {
        request: expect.objectContaining({ principal: alice, action: 'order:confirm', resource }),
        decision: expect.objectContaining({ allowed: false, policy: 'approval limit' }),
      },
    ]);
  });

  it('denies a single resource whose conditions cannot be checked without attributes', async () => {
    const { pep } = setUp({ policies: [approvalLimit] });
    await expect(pep.enforce(alice, 'order:confirm', { type: 'Order', id: 'o7' })).rejects.toThrow(
      'the conditions on Order o7 cannot be checked without its attributes',
    );
  });

  it('keeps denying when a listener throws, and still calls the other listeners', async () => {
    const recording = new RecordingListener();
    const { pep } = setUp({}, [new ThrowingListener(), recording]);
    await expect(pep.enforce(auditor, 'order:read')).rejects.toBeInstanceOf(ForbiddenError);
    expect(recording.denials).toHaveLength(1);
  });
});

describe('PolicyEnforcementPoint.filterFor', () => {
  it('is undefined when the principal is unrestricted', async () => {
    const { pep } = setUp({ policies: [approvalLimit] });
    await expect(pep.filterFor(alice, 'order:read', 'Order')).resolves.toBeUndefined();
  });

  it('is the AND of the applicable Specifications', async () => {
    const { pep } = setUp({ policies: [ownRegion, ownTenant] });
    await expect(pep.filterFor(alice, 'order:read', 'Order')).resolves.toEqual({
      op: 'and',
      specs: [
        { op: 'eq', field: 'region', value: 'eu' },
        { op: 'eq', field: 'tenantId', value: 'acme' },
      ],
    });
  });

  it('throws ForbiddenError (reported) without the permission', async () => {
    const { pep, listener } = setUp({ policies: [ownRegion] });
    await expect(pep.filterFor(auditor, 'order:read', 'Order')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'missing permission order:read',
    });
    expect(listener.denials[0]!.request.resource).toEqual({ type: 'Order' });
  });

  it('throws UnauthenticatedError without principal', async () => {
    const { pep } = setUp();
    await expect(pep.filterFor(undefined, 'order:read', 'Order')).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });
});
