import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../domain/principal.js';
import type { Credentials } from '../../ports/identity-provider.port.js';
import { rejectionOf, useContractSubject } from './contract-helpers.js';
import type { ContractFactory } from './contract-subject.js';
import { elapse } from './contract-time.js';
import {
  IDENTITY_CONTRACT_FIXTURES,
  type IdentityContractUser,
  type IdentityProviderContractOptions,
  type IdentityProviderContractSubject,
} from './identity-provider.fixtures.js';

const {
  users: [ALICE_A, ALICE_B, ROOT],
  apiKeys: [SERVICE_KEY],
} = IDENTITY_CONTRACT_FIXTURES;

/**
 * Contract every `IdentityProvider` adapter must pass: correct principals per credential kind
 * and tenant, and uniform `UNAUTHENTICATED` failures that never echo a secret and do not reveal
 * whether a username exists. The factory provisions the users and API keys of
 * {@link IDENTITY_CONTRACT_FIXTURES}; `options` says which credential kinds the adapter supports.
 */
export function describeIdentityProviderContract(
  name: string,
  factory: ContractFactory<IdentityProviderContractSubject>,
  options: IdentityProviderContractOptions = {},
): void {
  const kinds = new Set(options.kinds ?? ['bearer', 'password', 'api-key']);
  const passwordAuthMethod = options.passwordAuthMethod ?? 'local';

  describe(`IdentityProvider contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const identity = () => subject().adapter;

    /** Fails unless `credentials` are refused with UNAUTHENTICATED leaking none of `secrets`. */
    async function refused(credentials: unknown, ...secrets: string[]): Promise<Error> {
      const error = (await rejectionOf(
        identity().authenticate(credentials as Credentials),
      )) as Error;
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).toBe('UNAUTHENTICATED');
      const visible = [
        error.message,
        error.stack ?? '',
        JSON.stringify(error),
        String((error as { cause?: unknown }).cause ?? ''),
      ].join('\n');
      for (const secret of secrets) expect(visible).not.toContain(secret);
      return error;
    }

    it('refuses malformed and unsupported credentials with UNAUTHENTICATED', async () => {
      await refused(null);
      await refused({});
      await refused({ kind: 'magic-link', token: 'abc' });
      await refused({ kind: 'password', username: 'alice' });
      for (const kind of ['bearer', 'password', 'api-key'] as const) {
        if (!kinds.has(kind)) {
          await refused({
            kind,
            token: 'x',
            key: 'y',
            username: 'alice',
            password: ALICE_A.password,
          });
        }
      }
    });

    if (kinds.has('password')) {
      describe('password', () => {
        const login = (user: IdentityContractUser, overrides: Record<string, unknown> = {}) => ({
          kind: 'password' as const,
          username: user.username,
          password: user.password,
          tenantId: user.principal.tenantId,
          ...overrides,
        });

        it('returns the principal with its tenant, roles, attributes and auth method', async () => {
          await expect(identity().authenticate(login(ALICE_A))).resolves.toEqual({
            ...ALICE_A.principal,
            authMethod: passwordAuthMethod,
          });
        });

        it('keeps equal usernames of different tenants apart', async () => {
          await expect(identity().authenticate(login(ALICE_B))).resolves.toMatchObject({
            id: 'user-alice-b',
            tenantId: 'tenant-b',
            roles: ['order:reader'],
          });
          await refused(login(ALICE_A, { tenantId: 'tenant-b' }), ALICE_A.password);
          await refused(login(ALICE_B, { tenantId: 'tenant-a' }), ALICE_B.password);
          await refused(login(ALICE_A, { tenantId: 'tenant-unknown' }), ALICE_A.password);
        });

        it('needs the tenant for tenant users and none for platform users', async () => {
          await refused(login(ALICE_A, { tenantId: undefined }), ALICE_A.password);
          await expect(identity().authenticate(login(ROOT))).resolves.toMatchObject({
            id: 'user-root',
          });
          await refused(login(ROOT, { tenantId: 'tenant-a' }), ROOT.password);
        });

        it('refuses a wrong password without echoing it', async () => {
          const wrong = 'Correct horse battery staple';
          await refused(login(ALICE_A, { password: wrong }), wrong, ALICE_A.password);
          await refused(login(ALICE_A, { password: `${ALICE_A.password} ` }), ALICE_A.password);
          await refused(login(ALICE_A, { password: '' }));
        });

        it('does not reveal whether the username exists', async () => {
          const secret = 'guessed-password-123';
          const unknownUser = await refused(
            login(ALICE_A, { username: 'mallory', password: secret }),
            secret,
          );
          const wrongPassword = await refused(login(ALICE_A, { password: secret }), secret);
          expect(unknownUser.message).toBe(wrongPassword.message);
          expect(unknownUser.message).not.toContain('mallory');
          await refused(login(ALICE_A, { username: '' }));
        });
      });
    }

    if (kinds.has('api-key')) {
      describe('api-key', () => {
        it('returns the key principal with auth method api-key', async () => {
          await expect(
            identity().authenticate({ kind: 'api-key', key: SERVICE_KEY.key }),
          ).resolves.toEqual({
            ...SERVICE_KEY.principal,
            authMethod: 'api-key',
          });
        });

        it('refuses unknown, truncated and extended keys without echoing them', async () => {
          const unknown = 'ak_test_00000000000000000000000000000000';
          await refused({ kind: 'api-key', key: unknown }, unknown);
          await refused(
            { kind: 'api-key', key: SERVICE_KEY.key.slice(0, -1) },
            SERVICE_KEY.key.slice(0, -1),
          );
          await refused({ kind: 'api-key', key: `${SERVICE_KEY.key}0` }, SERVICE_KEY.key);
          await refused(
            { kind: 'api-key', key: SERVICE_KEY.key.toUpperCase() },
            SERVICE_KEY.key.toUpperCase(),
          );
          await refused({ kind: 'api-key', key: '' });
        });
      });
    }

    if (kinds.has('bearer')) {
      describe('bearer', () => {
        const principal: Principal = {
          id: 'user-bearer',
          tenantId: 'tenant-a',
          roles: ['order:approver'],
          attributes: { region: 'eu' },
          authMethod: options.bearerAuthMethod ?? 'jwt',
        };

        it('returns the principal the token was issued for', async () => {
          const token = await subject().issueBearerToken(principal);
          await expect(identity().authenticate({ kind: 'bearer', token })).resolves.toEqual(
            principal,
          );
        });

        it('refuses unknown, tampered and empty tokens without echoing them', async () => {
          const token = await subject().issueBearerToken(principal);
          // The second-to-last character: the last one of a base64url signature may carry
          // padding bits only, and a decoder that ignores them would see the same signature.
          const changed = token.at(-2) === 'A' ? 'B' : 'A';
          const tampered = `${token.slice(0, -2)}${changed}${token.at(-1)}`;
          await refused({ kind: 'bearer', token: tampered }, tampered);
          await refused({ kind: 'bearer', token: 'not-a-token-at-all' }, 'not-a-token-at-all');
          await refused({ kind: 'bearer', token: `${token}x` }, token);
          await refused({ kind: 'bearer', token: '' });
        });

        it('refuses a token once it has expired', async () => {
          const ttlMs = subject().advanceTime ? 60_000 : 1_000;
          const token = await subject().issueBearerToken(principal, { ttlMs });
          await expect(identity().authenticate({ kind: 'bearer', token })).resolves.toMatchObject({
            id: principal.id,
          });
          // Real-time adapters (JWT) count expiry in whole seconds: allow one more.
          await elapse(subject(), subject().advanceTime ? ttlMs : ttlMs + 1_100);
          await refused({ kind: 'bearer', token }, token);
        });
      });
    }

    describe('results', () => {
      it('returns principals whose changes do not affect later authentications', async () => {
        const credentials: Credentials = kinds.has('api-key')
          ? { kind: 'api-key', key: SERVICE_KEY.key }
          : {
              kind: 'bearer',
              token: await subject().issueBearerToken({
                ...SERVICE_KEY.principal,
                authMethod: 'api-key',
              }),
            };
        const first = await identity().authenticate(credentials);
        try {
          (first.roles as string[]).push('platform-admin');
        } catch {
          // A frozen principal is as good as a copy.
        }
        const second = await identity().authenticate(credentials);
        expect(second.roles).toEqual(SERVICE_KEY.principal.roles);
      });

      it('serves concurrent authentications consistently', async () => {
        const credentials: Credentials[] = [];
        if (kinds.has('password')) {
          credentials.push({ kind: 'password', username: 'root', password: ROOT.password });
        }
        if (kinds.has('api-key')) credentials.push({ kind: 'api-key', key: SERVICE_KEY.key });
        if (kinds.has('bearer')) {
          const token = await subject().issueBearerToken({
            id: 'concurrent',
            roles: [],
            authMethod: 'jwt',
          });
          credentials.push({ kind: 'bearer', token });
        }
        const attempts = Array.from({ length: 8 }, () => credentials).flat();
        const principals = await Promise.all(attempts.map((item) => identity().authenticate(item)));
        expect(principals.map((principal) => principal.id)).toEqual(
          attempts.map((item) =>
            item.kind === 'password'
              ? 'user-root'
              : item.kind === 'api-key'
                ? 'svc-billing'
                : 'concurrent',
          ),
        );
      });
    });
  });
}
