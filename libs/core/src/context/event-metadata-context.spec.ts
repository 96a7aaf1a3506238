import { describe, expect, it } from '@jest/globals';
import { contextFromEventMetadata, eventMetadataFromContext } from './event-metadata-context.js';
import { runInContext } from './request-context-scope.js';

describe('event metadata <-> request context', () => {
  it('copies tenant, correlation, trace, actor and the handled message (as cause) into metadata', () => {
    const metadata = runInContext(
      {
        correlationId: 'corr',
        causationId: 'http-request',
        messageId: 'command-1',
        tenantId: 't-1',
        principal: { id: 'u-1', roles: ['r'], authMethod: 'jwt' },
        traceparent: 'tp',
      },
      () => eventMetadataFromContext(),
    );
    expect(metadata).toEqual({
      tenantId: 't-1',
      correlationId: 'corr',
      causationId: 'command-1',
      actor: 'u-1',
      traceparent: 'tp',
    });
  });

  it('gives empty metadata outside a context and leaves absent values out', () => {
    expect(eventMetadataFromContext()).toEqual({});
    expect(eventMetadataFromContext({ correlationId: 'c' })).toStrictEqual({ correlationId: 'c' });
    expect(Object.keys(contextFromEventMetadata({ tenantId: 't' }))).toEqual(['tenantId']);
  });

  it('restores a worker context in which the event is the message being handled', () => {
    const restored = contextFromEventMetadata(
      {
        tenantId: 't-1',
        correlationId: 'corr',
        causationId: 'command-1',
        actor: 'u-1',
        traceparent: 'tp',
        extra: 1,
      },
      'event-1',
    );
    expect(restored).toEqual({
      tenantId: 't-1',
      correlationId: 'corr',
      causationId: 'command-1',
      messageId: 'event-1',
      actorId: 'u-1',
      traceparent: 'tp',
    });
    // A command sent by the worker is caused by the event, in the same correlation.
    expect(runInContext(restored, () => eventMetadataFromContext())).toMatchObject({
      correlationId: 'corr',
      causationId: 'event-1',
      actor: 'u-1',
      tenantId: 't-1',
    });
  });
});
