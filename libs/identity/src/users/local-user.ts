import type { ValidationIssue } from '@cqrs-ddd/core';

/** Names one local user: usernames are unique per tenant (platform users have no tenant). */
export interface LocalUserRef {
  readonly username: string;
  /** Tenant of the user; absent for platform-level users. */
  readonly tenantId?: string;
}

/** A username/password login (or a new password for {@link LocalUserRef}). */
export interface LocalLogin extends LocalUserRef {
  readonly password: string;
}

/** A user to create with `LocalUserStore.createUser`. */
export interface NewLocalUser extends LocalLogin {
  /** `principal.id` of the user's logins. @default the new user's id */
  readonly principalId?: string;
  /** Role names, e.g. `order:writer`. */
  readonly roles: readonly string[];
  /** ABAC attributes of the principal (JSON values). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Longest accepted username. */
export const MAX_USERNAME_LENGTH = 256;

/** What is wrong with the username and password of `login` (empty when nothing is). */
export function loginIssues(login: Partial<LocalLogin>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { username, password } = login;
  if (typeof username !== 'string' || username === '' || username.length > MAX_USERNAME_LENGTH) {
    issues.push({
      path: 'username',
      message: `must be a non-empty string of at most ${MAX_USERNAME_LENGTH} characters`,
      rule: 'isNotEmpty',
    });
  }
  if (typeof password !== 'string' || password === '') {
    issues.push({ path: 'password', message: 'must be a non-empty string', rule: 'isNotEmpty' });
  }
  return issues;
}
