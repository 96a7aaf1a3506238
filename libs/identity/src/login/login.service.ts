import {
  type AuditEntry,
  type AuditSink,
  Clock,
  IdGenerator,
  isCqrsDddError,
  isForbiddenError,
  isUnauthenticatedError,
  lookUpAuditSink,
  type Principal,
  SystemClock,
  UuidV7IdGenerator,
} from '@cqrs-ddd/core';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import type { IssuedToken, TokenIssuer } from '../jwt/token.issuer.js';
import type { LocalLogin } from '../users/local-user.js';
import type { LocalUserStore } from '../users/local-user.store.js';
import { IDENTITY_SERVICES, type IdentityServices } from '../module/identity-services.js';

/** Action of the audit entries of logins. */
export const LOGIN_AUDIT_ACTION = 'identity:login';

/**
 * The login endpoint's helper: turns a principal that proved who it is (a login guard ran) into
 * a bearer token the `cqrs-jwt` strategy accepts.
 *
 * When the application provides core's `AuditSink` (e.g. `@cqrs-ddd/audit`'s `AuditModule`),
 * every login is recorded as an `identity:login` entry: successes with the principal as actor;
 * refused password logins (`loginWithPassword`, and the login guards) as `denied` with the refusal's generic reason
 * and the attempted username in `details` — never the password or the issued token. A success
 * that cannot be recorded fails the login (the trail is mandatory); a failure to record a
 * refusal is logged and the refusal is thrown as it was.
 */
@Injectable()
export class LoginService {
  private readonly logger = new Logger('LoginService');
  private readonly ids: IdGenerator;
  private readonly clock: Clock;
  private audit?: { readonly found?: AuditSink };

  constructor(
    @Inject(IDENTITY_SERVICES) private readonly services: IdentityServices,
    @Optional() private readonly moduleRef?: ModuleRef,
    @Optional() ids?: IdGenerator,
    @Optional() clock?: Clock,
  ) {
    this.ids = ids ?? new UuidV7IdGenerator();
    this.clock = clock ?? new SystemClock();
  }

  /**
   * A token for `principal`, signed by the `TokenIssuer` of `strategies.jwt`.
   * @throws IdentityConfigurationError when `strategies.jwt` is not configured
   */
  async login(principal: Principal): Promise<IssuedToken> {
    const token = await this.issuer().issue(principal);
    await this.record(successOf(principal));
    return token;
  }

  /**
   * Checks a local user's password (lockout included) and issues a token: for login
   * mutations and other entry points without a login guard.
   * @throws UnauthenticatedError (one generic message) when the login is refused
   * @throws IdentityConfigurationError when `strategies.local` or `strategies.jwt` is not configured
   */
  async loginWithPassword(login: LocalLogin): Promise<IssuedToken> {
    const issuer = this.issuer();
    const users = this.users();
    let principal: Principal;
    try {
      principal = await users.verify(login);
    } catch (error) {
      await this.recordRefusal(login, error);
      throw error;
    }
    const token = await issuer.issue(principal);
    await this.record(successOf(principal));
    return token;
  }

  private issuer(): TokenIssuer {
    if (this.services.tokenIssuer) return this.services.tokenIssuer;
    throw new IdentityConfigurationError("Issuing tokens needs IdentityModule's strategies.jwt.");
  }

  private users(): LocalUserStore {
    if (this.services.localUsers) return this.services.localUsers;
    throw new IdentityConfigurationError("Password logins need IdentityModule's strategies.local.");
  }

  /**
   * Records a refused login attempt (`denied` for refused credentials, else `failed`) with the
   * attempted username and tenant only; a failure to record it is logged, never thrown. The
   * login guards call it when their strategy refuses the body's credentials.
   */
  async recordRefusal(
    login: { readonly username?: unknown; readonly tenantId?: unknown },
    error: unknown,
  ): Promise<void> {
    const refused = isUnauthenticatedError(error) || isForbiddenError(error);
    const code = isCqrsDddError(error) ? error.code : 'INTERNAL_ERROR';
    try {
      await this.record({
        ...(typeof login.tenantId === 'string' && login.tenantId !== ''
          ? { tenantId: login.tenantId }
          : {}),
        outcome: refused ? 'denied' : 'failed',
        reason: isCqrsDddError(error) ? error.message : 'the login could not be checked',
        errorCode: code,
        details: { username: typeof login.username === 'string' ? login.username : null },
      });
    } catch (auditError) {
      this.logger.error(
        `Recording a refused login failed: ${auditError instanceof Error ? auditError.message : String(auditError)}`,
      );
    }
  }

  private async record(entry: Omit<AuditEntry, 'id' | 'occurredAt' | 'action'>): Promise<void> {
    this.audit ??= { found: lookUpAuditSink(this.moduleRef) };
    await this.audit.found?.record({
      id: this.ids.newId(),
      occurredAt: this.clock.now(),
      action: LOGIN_AUDIT_ACTION,
      ...entry,
    });
  }
}

function successOf(principal: Principal): Omit<AuditEntry, 'id' | 'occurredAt' | 'action'> {
  return {
    ...(principal.tenantId !== undefined && { tenantId: principal.tenantId }),
    actor: { id: principal.id, authMethod: principal.authMethod },
    outcome: 'success',
  };
}
