import { describe, expect, it } from '@jest/globals';
import { presentedCredential } from './presented-credential.js';

describe('presentedCredential', () => {
  it('reads bearer tokens and API keys, any header case, arrays first value', () => {
    expect(presentedCredential({ Authorization: 'Bearer abc.def.ghi' })).toEqual({
      kind: 'bearer',
      token: 'abc.def.ghi',
    });
    expect(presentedCredential({ authorization: 'bearer  tok ' })).toEqual({
      kind: 'bearer',
      token: 'tok',
    });
    expect(presentedCredential({ authorization: 'ApiKey ak_1' })).toEqual({
      kind: 'api-key',
      key: 'ak_1',
    });
    expect(presentedCredential({ 'X-API-KEY': ['ak_2', 'ak_3'] })).toEqual({
      kind: 'api-key',
      key: 'ak_2',
    });
    expect(presentedCredential(new Headers({ authorization: 'Bearer t' }))).toEqual({
      kind: 'bearer',
      token: 't',
    });
  });

  it('returns undefined when no credential is sent', () => {
    expect(presentedCredential(undefined)).toBeUndefined();
    expect(presentedCredential({})).toBeUndefined();
    expect(presentedCredential({ authorization: '', 'x-api-key': '  ' })).toBeUndefined();
  });

  it.each([
    [{ authorization: 'Basic dTpw' }, /must be "Bearer <token>" or "ApiKey <key>"/],
    [{ authorization: 'Bearer' }, /must be "Bearer <token>"/],
    [{ authorization: 'Bearer a b' }, /must be "Bearer <token>"/],
    [{ authorization: 'Bearer t', 'x-api-key': 'k' }, /one credential/],
  ])('refuses %j', (headers, message) => {
    expect(() => presentedCredential(headers)).toThrow(message);
  });

  it('never repeats the credential in its messages', () => {
    const secret = 'sEcReT-value-123';
    for (const headers of [
      { authorization: `Digest ${secret}` },
      { authorization: `Bearer ${secret}`, 'x-api-key': secret },
    ]) {
      expect(() => presentedCredential(headers)).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      );
      try {
        presentedCredential(headers);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});
