import { describe, expect, it } from '@jest/globals';
import { SequentialIdGenerator } from '../adapters/memory/sequential-id-generator.adapter.js';
import { contextFromHeaders, headerValue, traceIdOf } from './context-headers.js';

const settings = { correlationHeader: 'x-correlation-id', trustIncomingIds: true };
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const generated = '00000000-0000-7000-8000-000000000001';

describe('headerValue', () => {
  it('reads records case-insensitively, first array value, and get()-style headers', () => {
    expect(headerValue({ 'X-Correlation-Id': ' abc ' }, 'x-correlation-id')).toBe('abc');
    expect(headerValue({ 'x-a': ['one', 'two'] }, 'X-A')).toBe('one');
    expect(headerValue(new Headers({ 'X-A': 'v' }), 'x-a')).toBe('v');
    expect(headerValue({ 'x-a': 5 }, 'x-a')).toBeUndefined();
    expect(headerValue(undefined, 'x-a')).toBeUndefined();
  });
});

describe('traceIdOf', () => {
  it('accepts valid W3C traceparent values only', () => {
    expect(traceIdOf(traceparent)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdOf('ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceIdOf('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceIdOf('00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01')).toBeUndefined();
    expect(traceIdOf('00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceIdOf('garbage')).toBeUndefined();
  });
});

describe('contextFromHeaders', () => {
  it('prefers the correlation header, then the traceparent trace id, then a new id', () => {
    const ids = new SequentialIdGenerator();
    expect(contextFromHeaders({ 'x-correlation-id': 'req-1', traceparent }, settings, ids)).toEqual(
      {
        correlationId: 'req-1',
        traceparent,
      },
    );
    expect(contextFromHeaders({ traceparent }, settings, ids)).toEqual({
      correlationId: '0af7651916cd43dd8448eb211c80319c',
      traceparent,
    });
    expect(contextFromHeaders({}, settings, ids)).toEqual({ correlationId: generated });
  });

  it('ignores malformed correlation ids (log forging, oversize) and invalid traceparents', () => {
    const ids = new SequentialIdGenerator();
    const headers = { 'x-correlation-id': 'a\nfake log line', traceparent: 'nope' };
    expect(contextFromHeaders(headers, settings, ids)).toEqual({ correlationId: generated });
    const long = { 'x-correlation-id': 'a'.repeat(129) };
    expect(contextFromHeaders(long, settings, ids).correlationId).not.toBe(
      long['x-correlation-id'],
    );
  });

  it('trusts nothing from outside when told so, and honours a custom header', () => {
    const ids = new SequentialIdGenerator();
    const headers = { 'x-correlation-id': 'req-1', 'x-request-id': 'rid', traceparent };
    expect(contextFromHeaders(headers, { ...settings, trustIncomingIds: false }, ids)).toEqual({
      correlationId: generated,
    });
    expect(
      contextFromHeaders(headers, { ...settings, correlationHeader: 'x-request-id' }, ids)
        .correlationId,
    ).toBe('rid');
  });
});
