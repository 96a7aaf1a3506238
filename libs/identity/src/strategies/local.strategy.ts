import type { Principal } from '@cqrs-ddd/core';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as PasswordStrategy } from 'passport-local';
import type { LocalUserStore } from '../users/local-user.store.js';

/** Passport name of {@link LocalStrategy}. */
export const LOCAL_STRATEGY = 'cqrs-local';

/** Body fields of a local login: `{ "username": ..., "password": ..., "tenant"?: ... }`. */
export const LOCAL_LOGIN_FIELDS = {
  username: 'username',
  password: 'password',
  tenant: 'tenant',
} as const;

/**
 * Passport strategy `cqrs-local` (passport-local): a username and password (and optionally a
 * tenant, for users of a tenant) from the request body, checked by `LocalUserStore.verify` —
 * argon2id hashes and lockout. Used by `LocalLoginGuard` on a login endpoint.
 */
export class LocalStrategy extends PassportStrategy(PasswordStrategy, LOCAL_STRATEGY) {
  constructor(private readonly users: LocalUserStore) {
    super({
      usernameField: LOCAL_LOGIN_FIELDS.username,
      passwordField: LOCAL_LOGIN_FIELDS.password,
      passReqToCallback: true,
      session: false,
    });
  }

  /**
   * The principal of the user.
   * @throws UnauthenticatedError (one generic message) for unknown users, wrong passwords and
   *   locked accounts
   */
  validate(request: { body?: unknown }, username: string, password: string): Promise<Principal> {
    const tenant = (request.body as Record<string, unknown> | undefined)?.[
      LOCAL_LOGIN_FIELDS.tenant
    ];
    return this.users.verify({
      username,
      password,
      ...(tenant === undefined || tenant === null || tenant === ''
        ? {}
        : { tenantId: tenant as string }),
    });
  }
}
