import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { RecordingConnection } from '../testing/recording-connection.fixture.js';
import { ApiKeyStore } from './api-key.store.js';

const key = 'ak_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const digest = createHash('sha256').update(key).digest('hex');
const row = {
  id: 'k1',
  name: 'svc',
  principal_id: 'svc-billing',
  tenant_id: null,
  roles: ['order:reader'],
  attributes: null,
  created_at: '2026-01-01 00:00:00+00',
  expires_at: null,
  revoked_at: null,
  last_used_at: null,
};

describe('ApiKeyStore', () => {
  it('sends only the SHA-256 of a key to the database, never the key', async () => {
    const connection = new RecordingConnection().answer([{ id: 'k1' }], [row]);
    const store = new ApiKeyStore(connection);
    await store.register(key, { name: 'svc', principalId: 'svc-billing', roles: ['order:reader'] });
    await expect(store.verify(key)).resolves.toEqual({
      id: 'svc-billing',
      roles: ['order:reader'],
      authMethod: 'api-key',
    });
    expect(connection.sent()).not.toContain(key);
    expect(connection.sent()).not.toContain(key.slice(8));
    // The lookup compares digests only: timing reveals nothing about the key.
    expect(connection.statements[1]).toEqual({
      sql: expect.stringMatching(/WHERE key_hash = \?$/),
      params: [digest],
    });
  });

  it('refuses a key whose row is revoked or expired, without recording a use', async () => {
    const connection = new RecordingConnection().answer(
      [{ ...row, revoked_at: '2026-01-01 00:00:00+00' }],
      [{ ...row, expires_at: '2000-01-01 00:00:00+00' }],
    );
    const store = new ApiKeyStore(connection);
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(store.verify(key)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(connection.statements.every(({ sql }) => sql.startsWith('SELECT'))).toBe(true);
  });
});
