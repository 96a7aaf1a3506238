import type { AuthMethod, Principal } from '../../domain/principal.js';
import type { CredentialKind, IdentityProvider } from '../../ports/identity-provider.port.js';
import type { ContractSubject } from './contract-subject.js';

/** A user the factory must provision. */
export interface IdentityContractUser {
  readonly username: string;
  readonly password: string;
  /** Who the user authenticates as (the adapter sets `authMethod`). */
  readonly principal: Omit<Principal, 'authMethod'>;
}

/** An API key the factory must provision. */
export interface IdentityContractApiKey {
  readonly key: string;
  readonly principal: Omit<Principal, 'authMethod'>;
}

/** Users and keys the contract authenticates with; the factory provisions them in its backend. */
export interface IdentityContractFixtures {
  readonly users: readonly IdentityContractUser[];
  readonly apiKeys: readonly IdentityContractApiKey[];
}

/**
 * What `describeIdentityProviderContract` needs per test: a provider that knows exactly
 * {@link IDENTITY_CONTRACT_FIXTURES} (the factory provisions them in its backend), plus a way
 * to obtain bearer tokens it accepts.
 */
export interface IdentityProviderContractSubject extends ContractSubject<IdentityProvider> {
  /**
   * Issues a bearer token the adapter accepts for `principal`, valid for `ttlMs` when given
   * (a JWT adapter signs one; the in-memory adapter issues an opaque token).
   */
  issueBearerToken(principal: Principal, options?: { ttlMs?: number }): Promise<string> | string;
}

/** Which credential kinds an adapter supports, and the auth methods it reports. */
export interface IdentityProviderContractOptions {
  /** Kinds to test (others must still fail with UNAUTHENTICATED). @default all three */
  readonly kinds?: readonly CredentialKind[];
  /** `authMethod` of password logins. @default 'local' */
  readonly passwordAuthMethod?: AuthMethod;
  /**
   * `authMethod` of bearer logins; the contract issues tokens for principals with it and
   * expects it back.
   * @default 'jwt'
   */
  readonly bearerAuthMethod?: AuthMethod;
}

const ALICE_A: IdentityContractUser = {
  username: 'alice',
  password: 'correct horse battery staple',
  principal: {
    id: 'user-alice-a',
    tenantId: 'tenant-a',
    roles: ['order:reader', 'order:writer'],
    attributes: { department: 'sales' },
  },
};
const ALICE_B: IdentityContractUser = {
  username: 'alice',
  password: 'an entirely different secret',
  principal: { id: 'user-alice-b', tenantId: 'tenant-b', roles: ['order:reader'] },
};
const ROOT: IdentityContractUser = {
  username: 'root',
  password: 'platform-admin-passphrase',
  principal: { id: 'user-root', roles: ['platform-admin'] },
};
const SERVICE_KEY: IdentityContractApiKey = {
  key: 'ak_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  principal: { id: 'svc-billing', tenantId: 'tenant-a', roles: ['order:reader'] },
};
/**
 * The users and API key every identity contract run provisions: `alice` in two tenants with
 * different passwords, a platform user `root`, and a service key.
 */
export const IDENTITY_CONTRACT_FIXTURES = {
  users: [ALICE_A, ALICE_B, ROOT],
  apiKeys: [SERVICE_KEY],
} as const satisfies IdentityContractFixtures;
