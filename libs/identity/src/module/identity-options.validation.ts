import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { assertValidJwtOptions } from '../jwt/jwt-options.validation.js';
import { assertValidLdapOptions } from '../ldap/ldap.options.js';
import { identityTables } from '../schema/identity-schema.js';
import type { IdentityModuleOptions } from './identity-module.options.js';

/**
 * Checks the options of `IdentityModule` when the module starts, so a misconfiguration stops
 * the app at once instead of refusing every request later.
 * @throws IdentityConfigurationError naming the option to fix
 */
export function assertValidIdentityOptions(options: IdentityModuleOptions): void {
  const fail = (message: string): never => {
    throw new IdentityConfigurationError(`IdentityModule: ${message}`);
  };
  const strategies = options?.strategies;
  if (typeof strategies !== 'object' || strategies === null) {
    fail('"strategies" is required (e.g. { jwt: { secret } }).');
  }
  const { jwt, local, ldap, apiKeys } = strategies;
  if (jwt === undefined && apiKeys === undefined) {
    fail('enable "strategies.jwt" or "strategies.apiKeys": the guard needs a way to authenticate.');
  }
  if (options.guard !== undefined && options.guard !== 'global' && options.guard !== 'none') {
    fail(`"guard" must be 'global' or 'none', got ${JSON.stringify(options.guard)}.`);
  }
  if (jwt !== undefined) assertValidJwtOptions(jwt);
  if (ldap !== undefined) assertValidLdapOptions(ldap);
  const logins = [
    ...(local === undefined ? [] : ['strategies.local']),
    ...(ldap === undefined ? [] : ['strategies.ldap']),
  ];
  if (logins.length > 0 && jwt === undefined) {
    fail(`${logins.join(' and ')} issue tokens at login: configure "strategies.jwt" too.`);
  }
  if (logins.length > 0 && jwt?.jwksUri !== undefined && jwt.issuing?.privateKey === undefined) {
    fail(
      `${logins.join(' and ')} issue tokens at login, which with "jwksUri" needs ` +
        '"strategies.jwt.issuing.privateKey" (whose public key the JWKS publishes).',
    );
  }
  identityTables(options.schema);
}
