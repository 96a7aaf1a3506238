import { describe, expect, it } from '@jest/globals';
import { clientInfoOf, MAX_USER_AGENT_LENGTH } from './client-info.js';

describe('clientInfoOf', () => {
  it("prefers the platform's ip (trust proxy applied) over the socket address", () => {
    expect(
      clientInfoOf({
        ip: '203.0.113.7',
        socket: { remoteAddress: '10.0.0.1' },
        headers: { 'user-agent': ' Mozilla/5.0 ' },
      }),
    ).toEqual({ clientAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' });
  });

  it('falls back to the socket address of a raw Node request, and never reads X-Forwarded-For', () => {
    expect(
      clientInfoOf({
        socket: { remoteAddress: '10.0.0.1' },
        headers: { 'x-forwarded-for': '1.2.3.4' },
      }),
    ).toEqual({ clientAddress: '10.0.0.1' });
  });

  it('cuts long user agents and leaves out what the request does not have', () => {
    const long = 'a'.repeat(MAX_USER_AGENT_LENGTH + 100);
    expect(clientInfoOf({ headers: { 'user-agent': long } })).toEqual({
      userAgent: 'a'.repeat(MAX_USER_AGENT_LENGTH),
    });
    expect(clientInfoOf({ ip: '', socket: null, headers: {} })).toEqual({});
    expect(clientInfoOf(undefined)).toEqual({});
  });
});
