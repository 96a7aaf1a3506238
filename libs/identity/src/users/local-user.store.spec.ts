import { describe, expect, it } from '@jest/globals';
import { fastHasher } from '../testing/identity-database.fixture.js';
import { RecordingConnection } from '../testing/recording-connection.fixture.js';
import { LocalUserStore } from './local-user.store.js';

const password = 'plain-text-password-canary';

describe('LocalUserStore', () => {
  it('sends only argon2id hashes to the database, never the password', async () => {
    const hasher = fastHasher();
    const hash = await hasher.hash(password);
    const connection = new RecordingConnection().answer(
      [{ id: 'u1' }],
      [{ id: 'u1', password_hash: hash, locked_until: null }],
      [{ principal_id: 'u1', tenant_id: 'acme', roles: ['r'], attributes: null }],
      [{ id: 'u1', password_hash: hash, locked_until: null }],
      [],
      [{ id: 'u1' }],
    );
    const users = new LocalUserStore(connection, { hasher });
    await users.createUser({ username: 'alice', tenantId: 'acme', password, roles: ['r'] });
    await expect(users.verify({ username: 'alice', tenantId: 'acme', password })).resolves.toEqual({
      id: 'u1',
      tenantId: 'acme',
      roles: ['r'],
      authMethod: 'local',
    });
    await expect(
      users.verify({ username: 'alice', tenantId: 'acme', password: `${password}-wrong` }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await users.setPassword({ username: 'alice', tenantId: 'acme', password: `${password}-new` });
    expect(connection.statements).toHaveLength(6);
    expect(connection.sent()).not.toContain(password);
    expect(connection.statements[0]!.params[2]).toMatch(/^\$argon2id\$/);
  });

  it('reads a locked row as locked, from a Date or from PostgreSQL text', async () => {
    const hasher = fastHasher();
    const hash = await hasher.hash(password);
    for (const lockedUntil of [new Date('2999-01-01T00:00:00Z'), '2999-01-01 00:00:00+00']) {
      const connection = new RecordingConnection().answer([
        { id: 'u1', password_hash: hash, locked_until: lockedUntil },
      ]);
      const users = new LocalUserStore(connection, { hasher });
      await expect(users.verify({ username: 'alice', password })).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      expect(connection.statements).toHaveLength(1);
    }
  });
});
