import { randomBytes } from 'node:crypto';
import {
  Clock,
  IdGenerator,
  NotFoundError,
  type Principal,
  SystemClock,
  UuidV7IdGenerator,
  ValidationError,
} from '@cqrs-ddd/core';
import { PasswordHasher } from '../password/password-hasher.js';
import { authenticationFailed } from '../provider/authentication-failed.js';
import {
  identityTables,
  type IdentitySqlConnection,
  queryRows,
  timestampOf,
} from '../schema/identity-schema.js';
import {
  principalFieldIssues,
  principalFromRow,
  principalParams,
  type PrincipalFields,
  type PrincipalRow,
} from '../schema/principal-columns.js';
import { lockoutRules, recordFailureSql } from './lockout.js';
import {
  type LocalLogin,
  type LocalUserRef,
  loginIssues,
  type NewLocalUser,
} from './local-user.js';

/** Lockout rules of local (database) users. */
export interface LocalUsersOptions {
  /** Consecutive failed logins after which the account is locked. @default 5 */
  readonly maxFailedAttempts?: number;
  /**
   * How long a locked account refuses every login — even with the right password — in seconds.
   * @default 900
   */
  readonly lockoutSeconds?: number;
}

/** Options of {@link LocalUserStore}. */
export interface LocalUserStoreOptions extends LocalUsersOptions {
  /** PostgreSQL schema of `identity_users` (create it with `ensureIdentitySchema`). @default 'public' */
  readonly schema?: string;
  /** Hashes and verifies the passwords. @default new PasswordHasher() */
  readonly hasher?: PasswordHasher;
  /** Time of lockouts and row timestamps. @default new SystemClock() */
  readonly clock?: Clock;
  /** Ids of new users. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

interface UserRow {
  readonly id: string;
  readonly password_hash: string;
  readonly locked_until: Date | string | null;
}

const WHERE_USER = `coalesce(tenant_id, '') = ? AND username = ?`;
const userParams = (ref: LocalUserRef) => [ref.tenantId ?? '', ref.username];
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Local users in the `identity_users` table: argon2id password hashes, usernames unique per
 * tenant, and a lockout — after `maxFailedAttempts` consecutive failures the account refuses
 * every login (even with the right password) for `lockoutSeconds`; a success resets the count.
 *
 * Failures are counted by one conditional `UPDATE` per attempt, so concurrent attempts are all
 * counted; a success only counts when the account is still unlocked at that moment. Every
 * refusal is the same `UnauthenticatedError`; unknown users are checked against a dummy hash so
 * the response time does not tell them from known ones. Statements run on the connection, not
 * in the caller's transaction.
 */
export class LocalUserStore {
  private readonly table: string;
  private readonly hasher: PasswordHasher;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly rules: { maxFailedAttempts: number; lockoutMs: number };
  private dummyHash?: Promise<string>;

  /** @throws IdentityConfigurationError for an invalid schema name or lockout rule */
  constructor(
    private readonly connection: IdentitySqlConnection,
    options: LocalUserStoreOptions = {},
  ) {
    this.table = identityTables(options.schema).users;
    this.hasher = options.hasher ?? new PasswordHasher();
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
    this.rules = lockoutRules(options);
  }

  /**
   * Creates a user; the password is hashed and not kept.
   * @throws ValidationError for an invalid field or a username already taken in the tenant
   */
  async createUser(user: NewLocalUser): Promise<{ id: string }> {
    const id = this.ids.newId();
    const fields: PrincipalFields = {
      principalId: user.principalId ?? id,
      tenantId: user.tenantId,
      roles: user.roles,
      attributes: user.attributes,
    };
    const issues = [...loginIssues(user), ...principalFieldIssues(fields)];
    if (issues.length > 0) throw new ValidationError(issues);
    const hash = await this.hasher.hash(user.password);
    const now = this.clock.now().toISOString();
    const created = await queryRows(
      this.connection,
      `INSERT INTO ${this.table} (id, username, password_hash, principal_id, tenant_id, roles,
         attributes, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz, ?::timestamptz)
       ON CONFLICT DO NOTHING RETURNING id`,
      [id, user.username, hash, fields.principalId, ...principalParams(fields), now, now],
    );
    if (created.length === 0) {
      throw ValidationError.of('username', 'is already taken in this tenant', 'unique');
    }
    return { id };
  }

  /**
   * Replaces the user's password (the lockout state is left as it is: see {@link unlock}).
   * @throws ValidationError for an empty password; NotFoundError for an unknown user
   */
  async setPassword(login: LocalLogin): Promise<void> {
    const issues = loginIssues(login);
    if (issues.length > 0) throw new ValidationError(issues);
    const hash = await this.hasher.hash(login.password);
    await this.updateUser(login, 'password_hash = ?', [hash]);
  }

  /**
   * The principal of the user, when `password` is right and the account is not locked.
   * @throws UnauthenticatedError (one generic message) for an unknown user, a wrong password,
   * a locked account or malformed input
   */
  async verify(login: LocalLogin): Promise<Principal> {
    const { username, password, tenantId } = login ?? ({} as Partial<LocalLogin>);
    // A JSON body may say `null` for "no tenant" (a platform user).
    const tenantOk = tenantId === undefined || tenantId === null || isText(tenantId);
    if (!isText(username) || !isText(password) || !tenantOk) {
      throw authenticationFailed();
    }
    const [user] = await queryRows<UserRow>(
      this.connection,
      `SELECT id, password_hash, locked_until FROM ${this.table} WHERE ${WHERE_USER}`,
      userParams({ username, tenantId: tenantId ?? undefined }),
    );
    if (!user) {
      await this.hasher.verify(await this.dummy(), password);
      throw authenticationFailed();
    }
    const matches = await this.hasher.verify(user.password_hash, password);
    const now = this.clock.now();
    const lockedUntil = timestampOf(user.locked_until);
    if (lockedUntil !== undefined && lockedUntil.getTime() > now.getTime()) {
      throw authenticationFailed();
    }
    if (!matches) {
      await queryRows(this.connection, recordFailureSql(this.table), [
        ...Array<string>(3).fill(now.toISOString()),
        this.rules.maxFailedAttempts,
        new Date(now.getTime() + this.rules.lockoutMs).toISOString(),
        user.id,
      ]);
      throw authenticationFailed();
    }
    return this.succeed(user, password, now);
  }

  /**
   * Unlocks the user's account and resets its failure count.
   * @throws NotFoundError for an unknown user
   */
  async unlock(ref: LocalUserRef): Promise<void> {
    await this.updateUser(ref, 'failed_attempts = 0, locked_until = NULL', []);
  }

  /** Resets the failure count — unless a concurrent failure locked the account meanwhile. */
  private async succeed(user: UserRow, password: string, now: Date): Promise<Principal> {
    const rehash = this.hasher.needsRehash(user.password_hash)
      ? await this.hasher.hash(password)
      : null;
    const [row] = await queryRows<PrincipalRow>(
      this.connection,
      `UPDATE ${this.table}
       SET failed_attempts = 0, locked_until = NULL, password_hash = coalesce(?, password_hash)
       WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?::timestamptz)
       RETURNING principal_id, tenant_id, roles, attributes`,
      [rehash, user.id, now.toISOString()],
    );
    if (!row) throw authenticationFailed();
    return principalFromRow(row, 'local');
  }

  private async updateUser(ref: LocalUserRef, set: string, params: unknown[]): Promise<void> {
    const updated = await queryRows(
      this.connection,
      `UPDATE ${this.table} SET ${set}, updated_at = ?::timestamptz
       WHERE ${WHERE_USER} RETURNING id`,
      [...params, this.clock.now().toISOString(), ...userParams(ref)],
    );
    if (updated.length === 0) throw new NotFoundError('LocalUser', String(ref.username));
  }

  /** A hash of a random password, to verify unknown users against. */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
