import type { IncomingMessage } from 'node:http';
import type { Principal } from '@cqrs-ddd/core';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import Strategy from 'passport-ldapauth';
import { ldapError, ldapRefusal } from './ldap-failure.js';
import { type LdapUser, ldapUserToPrincipal } from './ldap-principal.mapper.js';
import {
  assertValidLdapOptions,
  LDAP_STRATEGY_DEFAULTS,
  LDAP_STRATEGY_OPTIONS,
  type LdapStrategyOptions,
} from './ldap.options.js';

/** The outcome callbacks passport puts on the per-request copy of a strategy. */
interface PassportOutcome {
  error(error: unknown): void;
  fail(challenge?: unknown, status?: number): void;
}

/** passport-ldapauth's options for `options`. */
function passportLdapOptions(options: LdapStrategyOptions): Strategy.Options {
  const defaults = LDAP_STRATEGY_DEFAULTS;
  const idAttribute = options.idAttribute ?? defaults.idAttribute;
  const timeout = options.timeoutMs ?? defaults.timeoutMs;
  const attributes = [idAttribute, 'memberOf', ...(options.attributes ?? [])];
  if (options.tenantAttribute) attributes.push(options.tenantAttribute);
  return {
    server: {
      url: options.url,
      bindDN: options.bindDN,
      bindCredentials: options.bindCredentials,
      searchBase: options.searchBase,
      searchFilter: options.searchFilter ?? defaults.searchFilter,
      // Only what the principal needs: never the entry's password hash.
      searchAttributes: [...new Set(attributes)],
      ...(options.groupSearchBase === undefined
        ? {}
        : {
            groupSearchBase: options.groupSearchBase,
            groupSearchFilter: options.groupSearchFilter ?? defaults.groupSearchFilter,
            groupSearchAttributes: ['dn', 'cn'],
          }),
      timeout,
      connectTimeout: timeout,
      reconnect: false,
      tlsOptions: options.tlsOptions,
    },
    usernameField: options.usernameField ?? defaults.usernameField,
    passwordField: options.passwordField ?? defaults.passwordField,
  };
}

/**
 * Passport strategy `'cqrs-ldap'`: LDAP bind-and-search login through passport-ldapauth, the
 * user entry and groups mapped to a `Principal` by `ldapUserToPrincipal`. Username and
 * password come from the request body (or query) fields `usernameField` / `passwordField`.
 *
 * Every refusal is an `UnauthenticatedError` passed to passport as an error (so
 * `AuthGuard('cqrs-ldap')` rethrows it for the app to map to 401): wrong password and unknown
 * user share one message; missing credentials and an unreachable directory get their own clear
 * messages. No message contains the password or the username.
 */
@Injectable()
export class LdapStrategy extends PassportStrategy(Strategy, 'cqrs-ldap') {
  // A private name: passport-ldapauth keeps its own state in `this.options`.
  readonly #options: LdapStrategyOptions;

  /** @throws IdentityConfigurationError for invalid options */
  constructor(@Inject(LDAP_STRATEGY_OPTIONS) options: LdapStrategyOptions) {
    assertValidLdapOptions(options);
    super(passportLdapOptions(options));
    this.#options = options;
  }

  /** The principal of the user entry passport-ldapauth authenticated. */
  validate(user: LdapUser): Principal {
    return ldapUserToPrincipal(user, this.#options);
  }

  /** Runs passport-ldapauth, reporting its failures and errors as `UnauthenticatedError`s. */
  override authenticate(request: IncomingMessage, options?: Strategy.AuthenticateOptions): void {
    const outcome = this as unknown as PassportOutcome;
    const report = outcome.error.bind(outcome);
    let settled = false;
    const once = (error: () => unknown) => {
      if (settled) return;
      settled = true;
      report(error());
    };
    outcome.error = (error) => once(() => ldapError(error));
    outcome.fail = (_challenge, status) => once(() => ldapRefusal(status));
    super.authenticate(request, options);
  }
}
