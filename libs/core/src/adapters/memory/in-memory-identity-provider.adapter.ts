import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../domain/principal.js';
import { UnauthenticatedError } from '../../errors/unauthenticated.error.js';
import { ValidationError } from '../../errors/validation.error.js';
import { Clock } from '../../ports/clock.port.js';
import { type Credentials, IdentityProvider } from '../../ports/identity-provider.port.js';
import { SystemClock } from '../system-clock.adapter.js';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  type ScryptPasswordHash,
  verifyPassword,
} from './scrypt-password-hash.js';

/** Options of {@link InMemoryIdentityProvider}. */
export interface InMemoryIdentityProviderOptions {
  /** Time source for token expiry. @default new SystemClock() */
  readonly clock?: Clock;
  /** scrypt cost N for password hashes; lower it only in tests. @default 16384 */
  readonly scryptCost?: number;
}

/** Who a registered user or API key authenticates as (its `authMethod` is set by the kind). */
export type RegisteredPrincipal = Omit<Principal, 'authMethod'>;

/** A user to register with {@link InMemoryIdentityProvider.registerUser}. */
export interface UserRegistration extends RegisteredPrincipal {
  /** Unique within `tenantId` (or among platform users when it is absent). */
  readonly username: string;
  readonly password: string;
}

/** Options of {@link InMemoryIdentityProvider.issueToken}. */
export interface IssueTokenOptions {
  /** Token lifetime in ms. @default no expiry */
  readonly ttlMs?: number;
}

interface IssuedToken {
  readonly principal: Principal;
  readonly expiresAt?: number;
}

/** The one message of every authentication failure: it names no user and echoes no secret. */
const FAILURE = 'Authentication failed: the credentials are invalid or expired.';
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const userKey = (tenantId: string | undefined, username: string) =>
  JSON.stringify([tenantId ?? null, username]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** A frozen copy, so callers can neither change what is stored nor each other's results. */
const freezePrincipal = (principal: Principal): Principal => deepFreeze(structuredClone(principal));

/**
 * {@link IdentityProvider} with users, API keys and opaque bearer tokens held in memory (tests,
 * embedded mode). Only hashes are kept: scrypt for passwords, SHA-256 for API keys and tokens
 * (high-entropy secrets, so a fast hash suffices).
 */
export class InMemoryIdentityProvider extends IdentityProvider {
  private readonly clock: Clock;
  private readonly scryptCost: number;
  private readonly users = new Map<string, { hash: ScryptPasswordHash; principal: Principal }>();
  private readonly apiKeys = new Map<string, Principal>();
  private readonly tokens = new Map<string, IssuedToken>();
  private dummyHash?: Promise<ScryptPasswordHash>;

  constructor(options: InMemoryIdentityProviderOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  }

  /**
   * Registers a user; the password is hashed and not kept.
   * @throws ValidationError for an empty username/password/id or a taken username.
   */
  async registerUser(registration: UserRegistration): Promise<void> {
    const { username, password, ...principal } = registration;
    if (!username || !password || !principal.id) {
      throw ValidationError.of('user', 'username, password and id must be non-empty', 'isNotEmpty');
    }
    const key = userKey(principal.tenantId, username);
    if (this.users.has(key)) {
      throw ValidationError.of('username', 'is already registered in this tenant', 'unique');
    }
    const hash = await hashPassword(password, this.scryptCost);
    this.users.set(key, {
      hash,
      principal: freezePrincipal({ ...principal, authMethod: 'local' }),
    });
  }

  /**
   * Registers an API key; only its SHA-256 is kept.
   * @throws ValidationError for a key shorter than 16 characters or already registered.
   */
  registerApiKey(key: string, principal: RegisteredPrincipal): void {
    if (typeof key !== 'string' || key.length < 16) {
      throw ValidationError.of('key', 'must be at least 16 characters', 'minLength');
    }
    const digest = sha256(key);
    if (this.apiKeys.has(digest))
      throw ValidationError.of('key', 'is already registered', 'unique');
    this.apiKeys.set(digest, freezePrincipal({ ...principal, authMethod: 'api-key' }));
  }

  /** Issues an opaque bearer token for `principal` (256 random bits; only its hash is kept). */
  issueToken(principal: Principal, options: IssueTokenOptions = {}): string {
    const token = randomBytes(32).toString('base64url');
    const { ttlMs } = options;
    if (ttlMs !== undefined && !(Number.isSafeInteger(ttlMs) && ttlMs > 0)) {
      throw ValidationError.of('ttlMs', 'must be a positive integer', 'isPositive');
    }
    const expiresAt = ttlMs === undefined ? undefined : this.clock.now().getTime() + ttlMs;
    this.tokens.set(sha256(token), { principal: freezePrincipal(principal), expiresAt });
    return token;
  }

  /** Revokes a token issued by {@link issueToken}; returns whether it was known. */
  revokeToken(token: string): boolean {
    return this.tokens.delete(sha256(token));
  }

  async authenticate(credentials: Credentials): Promise<Principal> {
    const principal = await this.verify(credentials);
    if (!principal) throw new UnauthenticatedError(FAILURE);
    return principal;
  }

  private async verify(credentials: Credentials): Promise<Principal | undefined> {
    const isText = (value: unknown): value is string =>
      typeof value === 'string' && value.length > 0;
    switch (credentials?.kind) {
      case 'password': {
        const { username, password, tenantId } = credentials;
        if (!isText(username) || !isText(password)) return undefined;
        const user = this.users.get(userKey(tenantId, username));
        // Hash even for unknown users so response times do not reveal which usernames exist.
        const matches = await verifyPassword(password, user?.hash ?? (await this.dummy()));
        return user && matches ? user.principal : undefined;
      }
      case 'api-key':
        return isText(credentials.key) ? this.apiKeys.get(sha256(credentials.key)) : undefined;
      case 'bearer': {
        if (!isText(credentials.token)) return undefined;
        const issued = this.tokens.get(sha256(credentials.token));
        const live =
          issued &&
          (issued.expiresAt === undefined || issued.expiresAt > this.clock.now().getTime());
        return live ? issued.principal : undefined;
      }
      default:
        return undefined;
    }
  }

  private dummy(): Promise<ScryptPasswordHash> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.scryptCost);
    return this.dummyHash;
  }
}
