import { describe, expect, it } from '@jest/globals';
import { PasswordHasher } from './password-hasher.js';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** The algorithm and cost parameters of a PHC string (whatever their order). */
const parameters = (hash: string) => {
  const [, id, version, params] = hash.split('$');
  return { id, version, ...Object.fromEntries(params!.split(',').map((pair) => pair.split('='))) };
};

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(cheap);

  it('hashes with argon2id, a fresh salt each time, and verifies', async () => {
    const first = await hasher.hash('s3cret passphrase');
    const second = await hasher.hash('s3cret passphrase');
    expect(parameters(first)).toEqual({
      id: 'argon2id',
      version: 'v=19',
      m: '1024',
      t: '1',
      p: '1',
    });
    expect(second).not.toBe(first);
    expect(first).not.toContain('s3cret');
    await expect(hasher.verify(first, 's3cret passphrase')).resolves.toBe(true);
    await expect(hasher.verify(first, 's3cret passphrase ')).resolves.toBe(false);
    await expect(hasher.verify(first, '')).resolves.toBe(false);
  });

  it('uses the OWASP argon2id minimum by default', async () => {
    expect(parameters(await new PasswordHasher().hash('x'))).toEqual({
      id: 'argon2id',
      version: 'v=19',
      m: '19456',
      t: '2',
      p: '1',
    });
  });

  it('normalises passwords to NFC, so equivalent spellings match', async () => {
    const hash = await hasher.hash('caf\u00e9');
    await expect(hasher.verify(hash, 'cafe\u0301')).resolves.toBe(true);
  });

  it('answers false, not an error, for a malformed hash', async () => {
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
    await expect(hasher.verify('', 'x')).resolves.toBe(false);
  });

  it('says when a hash needs to be made again with the current costs', async () => {
    const hash = await hasher.hash('x');
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new PasswordHasher({ ...cheap, memoryCost: 2048 }).needsRehash(hash)).toBe(true);
    expect(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
    expect(hasher.needsRehash('garbage')).toBe(true);
  });
});
