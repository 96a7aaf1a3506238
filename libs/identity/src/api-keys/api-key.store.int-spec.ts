import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';
import {
  createIdentityTestSchema,
  type IdentityTestSchema,
} from '../testing/identity-database.fixture.js';
import { ApiKeyStore } from './api-key.store.js';

const billing = {
  name: 'billing service',
  principalId: 'svc-billing',
  tenantId: 'acme',
  roles: ['order:reader'],
};

describe('ApiKeyStore (PostgreSQL)', () => {
  let orm: MikroORM;
  let db: IdentityTestSchema;
  let clock: FakeClock;
  let keys: ApiKeyStore;

  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    await orm.close();
  });
  beforeEach(async () => {
    db = await createIdentityTestSchema(orm);
    clock = new FakeClock();
    keys = new ApiKeyStore(db.connection, { schema: db.schema, clock });
  });
  afterEach(async () => {
    await db.drop();
  });

  const refused = (key: string) =>
    expect(keys.verify(key)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: AUTHENTICATION_FAILED_MESSAGE,
    });

  it('issues random prefixed keys that authenticate as their principal', async () => {
    const first = await keys.issue({ ...billing, attributes: { region: 'eu' } });
    const second = await keys.issue({ ...billing, tenantId: undefined, roles: [] });
    expect(first.key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    expect(second.key).not.toBe(first.key);
    await expect(keys.verify(first.key)).resolves.toEqual({
      id: 'svc-billing',
      tenantId: 'acme',
      roles: ['order:reader'],
      attributes: { region: 'eu' },
      authMethod: 'api-key',
    });
    await expect(keys.verify(second.key)).resolves.toEqual({
      id: 'svc-billing',
      roles: [],
      authMethod: 'api-key',
    });
    const custom = new ApiKeyStore(db.connection, { schema: db.schema, prefix: 'acme2' });
    expect((await custom.issue(billing)).key).toMatch(/^acme2_/);
  });

  it('stores only the SHA-256 of each key: the table never contains a key', async () => {
    const issued = await keys.issue(billing);
    const known = 'imported-key-0123456789-abcdefghijklmnop';
    await keys.register(known, { ...billing, name: 'imported' });
    const rows = await db.rows('identity_api_keys');
    const dump = JSON.stringify(rows);
    for (const key of [issued.key, known]) {
      expect(dump).not.toContain(key);
      // Nor any long piece of it.
      expect(dump).not.toContain(key.slice(3, 23));
    }
    expect(rows.map((row) => row.key_hash)).toEqual([
      createHash('sha256').update(issued.key).digest('hex'),
      createHash('sha256').update(known).digest('hex'),
    ]);
    await expect(keys.verify(known)).resolves.toMatchObject({ id: 'svc-billing' });
  });

  it('refuses unknown, altered, truncated, extended and oversized keys alike', async () => {
    const { key } = await keys.issue(billing);
    const flipped = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const alteredFirst = `${key[0] === 'a' ? 'b' : 'a'}${key.slice(1)}`;
    for (const wrong of [
      flipped,
      alteredFirst,
      key.slice(0, -1),
      `${key}x`,
      '',
      'x'.repeat(10_000),
    ]) {
      await refused(wrong);
    }
    await expect(keys.verify(undefined as unknown as string)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('revokes keys for good', async () => {
    const revokedKey = await keys.issue(billing);
    const kept = await keys.issue(billing);
    await expect(keys.revoke(revokedKey.id)).resolves.toBe(true);
    await expect(keys.revoke(revokedKey.id)).resolves.toBe(false);
    await expect(keys.revoke('no-such-id')).resolves.toBe(false);
    await refused(revokedKey.key);
    await expect(keys.verify(kept.key)).resolves.toMatchObject({ id: 'svc-billing' });
  });

  it('refuses a key from its expiry on', async () => {
    const { key } = await keys.issue({
      ...billing,
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    await expect(keys.verify(key)).resolves.toMatchObject({ id: 'svc-billing' });
    clock.advance(59_999);
    await expect(keys.verify(key)).resolves.toMatchObject({ id: 'svc-billing' });
    clock.advance(1);
    await refused(key);
  });

  it('records when a key was last used, at most once a minute', async () => {
    const { id, key } = await keys.issue(billing);
    const lastUsed = async () =>
      (await keys.list('acme')).find((info) => info.id === id)?.lastUsedAt;
    await expect(lastUsed()).resolves.toBeUndefined();
    const first = clock.now();
    await keys.verify(key);
    await expect(lastUsed()).resolves.toEqual(first);
    clock.advance(30_000);
    await keys.verify(key);
    await expect(lastUsed()).resolves.toEqual(first);
    clock.advance(30_000);
    await keys.verify(key);
    await expect(lastUsed()).resolves.toEqual(clock.now());
  });

  it('lists the keys of one tenant without keys or hashes', async () => {
    const acme = await keys.issue({ ...billing, expiresAt: new Date('2030-01-01T00:00:00Z') });
    clock.advance(1_000);
    const revoked = await keys.issue({ ...billing, name: 'old' });
    await keys.revoke(revoked.id);
    const platform = await keys.issue({ ...billing, tenantId: undefined, name: 'platform' });
    await keys.issue({ ...billing, tenantId: 'globex', name: 'globex' });
    const listed = await keys.list('acme');
    expect(listed).toEqual([
      {
        id: acme.id,
        name: 'billing service',
        principalId: 'svc-billing',
        tenantId: 'acme',
        roles: ['order:reader'],
        createdAt: new Date('2026-01-01T00:00:00Z'),
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      },
      expect.objectContaining({ id: revoked.id, name: 'old', revokedAt: clock.now() }),
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/hash|ak_/);
    await expect(keys.list()).resolves.toEqual([expect.objectContaining({ id: platform.id })]);
    await expect(keys.list('initech')).resolves.toEqual([]);
  });

  it('validates what it stores', async () => {
    await expect(keys.register('too-short-key', billing)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [expect.objectContaining({ path: 'key' })],
    });
    const known = 'k'.repeat(32);
    await keys.register(known, billing);
    await expect(keys.register(known, billing)).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'key', rule: 'unique' })],
    });
    await expect(
      keys.issue({ name: ' ', principalId: '', roles: 'admin' as never, expiresAt: new Date('x') }),
    ).rejects.toMatchObject({
      issues: ['name', 'expiresAt', 'principalId', 'roles'].map((path) =>
        expect.objectContaining({ path }),
      ),
    });
    for (const options of [{ prefix: 'Bad_' }, { prefix: '' }, { lastUsedResolutionSeconds: -1 }]) {
      expect(() => new ApiKeyStore(db.connection, options)).toThrow(
        expect.objectContaining({ code: 'IDENTITY_CONFIGURATION' }),
      );
    }
  });
});
