import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '@cqrs-ddd/core';
import { StreamClientTooSlowError } from '../errors/stream-client-too-slow.error.js';
import { StreamingConfigurationError } from '../errors/streaming-configuration.error.js';
import { resolveStreamingOptions } from '../module/resolve-streaming-options.js';
import { defineEventStream } from '../stream/event-stream.definition.js';
import { RoleStreamAccessPolicy } from './stream-access.policy.js';
import { closeFrameOf, StreamCloseCode } from './stream-refusal.js';
import { streamTokenOf } from './stream-token.js';

const stream = defineEventStream({
  name: 'orders',
  eventTypes: ['order.created'],
  map: (event) => event.data,
  permission: 'order:read',
});
const principal = { id: 'p', roles: [] as string[], authMethod: 'jwt' as const };

describe('streaming access', () => {
  it('default policy: the permission as a role or in the permissions attribute', () => {
    const policy = new RoleStreamAccessPolicy();
    expect(policy.decide(principal, stream)).toEqual({
      allowed: false,
      reason: 'missing permission order:read',
    });
    expect(policy.decide({ ...principal, roles: ['order:read'] }, stream).allowed).toBe(true);
    expect(
      policy.decide({ ...principal, attributes: { permissions: ['order:read'] } }, stream).allowed,
    ).toBe(true);
    expect(policy.decide(principal, { ...stream, permission: undefined }).allowed).toBe(true);
  });

  it('reads the bearer token from Authorization, else access_token', () => {
    expect(streamTokenOf({ Authorization: 'Bearer abc' })).toBe('abc');
    expect(streamTokenOf({ authorization: 'Basic abc' })).toBeUndefined();
    expect(streamTokenOf({}, new URLSearchParams('access_token=xyz'))).toBe('xyz');
    expect(streamTokenOf(undefined)).toBeUndefined();
  });

  it('maps refusals to close codes with a bounded reason', () => {
    expect(closeFrameOf(new UnauthenticatedError('no')).code).toBe(StreamCloseCode.UNAUTHORIZED);
    expect(closeFrameOf(new ForbiddenError('order:read', 'no')).code).toBe(
      StreamCloseCode.FORBIDDEN,
    );
    expect(closeFrameOf(ValidationError.of('position', 'bad', 'x')).code).toBe(
      StreamCloseCode.BAD_REQUEST,
    );
    const slow = closeFrameOf(new StreamClientTooSlowError(5));
    expect(slow.code).toBe(StreamCloseCode.TOO_SLOW);
    expect(Buffer.byteLength(slow.reason)).toBeLessThanOrEqual(123);
    expect(closeFrameOf(new Error('secret')).reason).toBe('Internal server error');
  });

  it('checks stream definitions and module options', () => {
    expect(() => defineEventStream({ ...stream, eventTypes: [] })).toThrow(
      StreamingConfigurationError,
    );
    expect(() => resolveStreamingOptions({ streams: [stream, stream] })).toThrow(
      /Two event streams/,
    );
    expect(() => resolveStreamingOptions({ streams: [stream], bufferLimit: 0 })).toThrow(
      /bufferLimit/,
    );
    expect(resolveStreamingOptions({ streams: [stream], bufferLimit: 20 })).toMatchObject({
      bufferLimit: 20,
      batchSize: 20,
      heartbeatMs: 15_000,
    });
  });
});
