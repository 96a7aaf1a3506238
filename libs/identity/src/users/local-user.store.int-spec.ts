import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PasswordHasher } from '../password/password-hasher.js';
import { timestampOf } from '../schema/identity-schema.js';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';
import {
  createIdentityTestSchema,
  fastHasher,
  type IdentityTestSchema,
} from '../testing/identity-database.fixture.js';
import { LocalUserStore } from './local-user.store.js';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'not the password';
const alice = { username: 'alice', tenantId: 'acme' };

describe('LocalUserStore (PostgreSQL)', () => {
  let orm: MikroORM;
  let db: IdentityTestSchema;
  let clock: FakeClock;
  let hasher: PasswordHasher;
  let users: LocalUserStore;

  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    await orm.close();
  });
  beforeEach(async () => {
    db = await createIdentityTestSchema(orm);
    clock = new FakeClock();
    hasher = fastHasher();
    users = new LocalUserStore(db.connection, { schema: db.schema, hasher, clock });
    await users.createUser({ ...alice, password: PASSWORD, roles: ['order:reader'] });
  });
  afterEach(async () => {
    await db.drop();
  });

  const login = (password: string, who: { username: string; tenantId?: string } = alice) =>
    users.verify({ ...who, password });
  const refused = (password: string, who?: { username: string; tenantId?: string }) =>
    expect(login(password, who)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: AUTHENTICATION_FAILED_MESSAGE,
    });
  const lockState = async () => {
    const [row] = (await db.rows('identity_users')) as {
      failed_attempts: number;
      locked_until: string | null;
    }[];
    return {
      failedAttempts: row!.failed_attempts,
      lockedUntil: timestampOf(row!.locked_until) ?? null,
    };
  };

  it('creates users whose password is stored only as an argon2id hash', async () => {
    const { id } = await users.createUser({
      username: 'bob',
      password: PASSWORD,
      principalId: 'user-bob',
      roles: ['platform-admin'],
      attributes: { region: 'eu' },
    });
    await expect(login(PASSWORD, { username: 'bob' })).resolves.toEqual({
      id: 'user-bob',
      roles: ['platform-admin'],
      attributes: { region: 'eu' },
      authMethod: 'local',
    });
    // A JSON `null` tenant means a platform user, as an absent one does.
    await expect(
      users.verify({ username: 'bob', tenantId: null as unknown as undefined, password: PASSWORD }),
    ).resolves.toMatchObject({ id: 'user-bob' });
    // Without a principalId, the principal id is the user's id.
    await expect(login(PASSWORD)).resolves.toEqual({
      id: expect.any(String),
      tenantId: 'acme',
      roles: ['order:reader'],
      authMethod: 'local',
    });
    const rows = await db.rows('identity_users');
    expect(rows.find((row) => row.id === id)).toMatchObject({ principal_id: 'user-bob' });
    for (const row of rows) expect(String(row.password_hash)).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it('refuses a username taken in the same tenant and lists every invalid field', async () => {
    await expect(
      users.createUser({ ...alice, password: 'other', roles: [] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'username', rule: 'unique' }],
    });
    await users.createUser({ username: 'alice', tenantId: 'globex', password: 'x', roles: [] });
    await expect(
      users.createUser({
        username: '',
        password: '',
        tenantId: '',
        roles: ['ok', ''],
        attributes: [] as unknown as Record<string, unknown>,
      }),
    ).rejects.toMatchObject({
      issues: ['username', 'password', 'tenantId', 'roles', 'attributes'].map((path) =>
        expect.objectContaining({ path }),
      ),
    });
  });

  it('locks the account after 5 consecutive failures, even for the right password', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await refused(WRONG);
    expect(await lockState()).toEqual({ failedAttempts: 4, lockedUntil: null });
    await refused(WRONG);
    expect(await lockState()).toEqual({
      failedAttempts: 5,
      lockedUntil: new Date(clock.now().getTime() + 900_000),
    });
    await refused(PASSWORD);
    clock.advance(899_000);
    await refused(PASSWORD);
    // Failures while locked are not counted and do not extend the lock.
    expect((await lockState()).failedAttempts).toBe(5);
    clock.advance(1_000);
    await expect(login(PASSWORD)).resolves.toMatchObject({ tenantId: 'acme' });
    expect(await lockState()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('counts 10 concurrent wrong attempts exactly (no lost update), locking at the 10th', async () => {
    const tenTries = new LocalUserStore(db.connection, {
      schema: db.schema,
      hasher,
      clock,
      maxFailedAttempts: 10,
    });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        expect(tenTries.verify({ ...alice, password: WRONG })).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        }),
      ),
    );
    expect(await lockState()).toEqual({
      failedAttempts: 10,
      lockedUntil: new Date(clock.now().getTime() + 900_000),
    });
    await expect(tenTries.verify({ ...alice, password: PASSWORD })).rejects.toMatchObject({
      message: AUTHENTICATION_FAILED_MESSAGE,
    });
  });

  it('locks under 10 concurrent wrong attempts with the default rules', async () => {
    await Promise.all(Array.from({ length: 10 }, () => refused(WRONG)));
    const { failedAttempts, lockedUntil } = await lockState();
    // Attempts that start after the lock are refused without being counted.
    expect(failedAttempts).toBeGreaterThanOrEqual(5);
    expect(failedAttempts).toBeLessThanOrEqual(10);
    expect(lockedUntil).toEqual(new Date(clock.now().getTime() + 900_000));
    await refused(PASSWORD);
  });

  it('resets the count on success, and starts a new count once a lock has run out', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await refused(WRONG);
    await login(PASSWORD);
    for (let attempt = 1; attempt <= 4; attempt++) await refused(WRONG);
    await expect(login(PASSWORD)).resolves.toMatchObject({ roles: ['order:reader'] });
    for (let attempt = 1; attempt <= 5; attempt++) await refused(WRONG);
    clock.advance(900_000);
    await refused(WRONG);
    expect(await lockState()).toEqual({ failedAttempts: 1, lockedUntil: null });
  });

  it('honours custom lockout rules', async () => {
    const strict = new LocalUserStore(db.connection, {
      schema: db.schema,
      hasher,
      clock,
      maxFailedAttempts: 2,
      lockoutSeconds: 30,
    });
    await expect(strict.verify({ ...alice, password: WRONG })).rejects.toThrow();
    await expect(strict.verify({ ...alice, password: WRONG })).rejects.toThrow();
    expect((await lockState()).lockedUntil).toEqual(new Date(clock.now().getTime() + 30_000));
    await expect(strict.verify({ ...alice, password: PASSWORD })).rejects.toThrow();
    clock.advance(30_000);
    await expect(strict.verify({ ...alice, password: PASSWORD })).resolves.toBeDefined();
  });

  it('unlocks an account, and says when the user is unknown', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await refused(WRONG);
    await refused(PASSWORD);
    await users.unlock(alice);
    expect(await lockState()).toEqual({ failedAttempts: 0, lockedUntil: null });
    await expect(login(PASSWORD)).resolves.toMatchObject({ tenantId: 'acme' });
    await expect(users.unlock({ username: 'alice', tenantId: 'globex' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps tenants apart: a lockout in one tenant does not lock the same username in another', async () => {
    const otherAlice = { username: 'alice', tenantId: 'globex' };
    await users.createUser({ ...otherAlice, password: 'globex secret', roles: ['order:writer'] });
    for (let attempt = 1; attempt <= 5; attempt++) await refused(WRONG);
    await refused(PASSWORD);
    await refused('globex secret');
    await refused(PASSWORD, otherAlice);
    await expect(login('globex secret', otherAlice)).resolves.toMatchObject({
      tenantId: 'globex',
      roles: ['order:writer'],
    });
    await refused(PASSWORD, { username: 'alice' });
  });

  it('replaces passwords', async () => {
    await users.setPassword({ ...alice, password: 'new passphrase' });
    await refused(PASSWORD);
    await expect(login('new passphrase')).resolves.toMatchObject({ tenantId: 'acme' });
    await expect(users.setPassword({ ...alice, password: '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(users.setPassword({ username: 'nobody', password: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('verifies unknown users against a dummy hash, so they cost as much as known ones', async () => {
    const verify = jest.spyOn(hasher, 'verify');
    await refused(PASSWORD, { username: 'mallory', tenantId: 'acme' });
    await refused(WRONG);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify.mock.calls[0]![0]).toMatch(/^\$argon2id\$/);
    expect(verify.mock.calls[0]![1]).toBe(PASSWORD);
  });

  it('rehashes a password made with other costs on the next successful login', async () => {
    const [before] = await db.rows('identity_users');
    const stronger = new PasswordHasher({ memoryCost: 2048, timeCost: 1, parallelism: 1 });
    const upgraded = new LocalUserStore(db.connection, {
      schema: db.schema,
      hasher: stronger,
      clock,
    });
    await expect(upgraded.verify({ ...alice, password: PASSWORD })).resolves.toBeDefined();
    const [after] = await db.rows('identity_users');
    expect(after!.password_hash).not.toBe(before!.password_hash);
    expect(stronger.needsRehash(String(after!.password_hash))).toBe(false);
    await expect(upgraded.verify({ ...alice, password: PASSWORD })).resolves.toBeDefined();
  });

  it('refuses malformed logins without counting a failure', async () => {
    for (const malformed of [
      undefined,
      {},
      { username: 'alice', tenantId: 'acme' },
      { username: 'alice', tenantId: '', password: PASSWORD },
      { username: 42, password: PASSWORD },
    ]) {
      await expect(users.verify(malformed as never)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    expect(await lockState()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('refuses invalid lockout rules', () => {
    for (const rules of [
      { maxFailedAttempts: 0 },
      { maxFailedAttempts: 1.5 },
      { lockoutSeconds: 0 },
    ]) {
      expect(() => new LocalUserStore(db.connection, rules)).toThrow(
        expect.objectContaining({ code: 'IDENTITY_CONFIGURATION' }),
      );
    }
  });
});
