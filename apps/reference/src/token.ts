/**
 * `npm run token -- --sub alice --tenant acme --roles order:reader,order:writer`: prints a
 * development bearer token signed with `JWT_SECRET` (or the development default), for curl and
 * the GraphQL playground. `--attr name=value` (repeatable) adds ABAC attributes (e.g.
 * `--attr customerId=c-1`), `--expires <seconds>` (default 3600), `--issuer` (default
 * JWT_ISSUER), `--audience` (default JWT_AUDIENCE).
 */
import { parseArgs } from 'node:util';
import { signDevelopmentToken } from './auth/development-token.js';
import { loadAppConfig } from './config/app-config.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    tenant: { type: 'string' },
    roles: { type: 'string', default: '' },
    expires: { type: 'string', default: '3600' },
    issuer: { type: 'string' },
    audience: { type: 'string' },
    attr: { type: 'string', multiple: true, default: [] },
  },
});
if (!values.sub) {
  console.error(
    'Usage: npm run token -- --sub <user> [--tenant <id>] [--roles a,b] [--attr name=value] [--expires s]',
  );
  process.exit(2);
}
const expiresInSeconds = Number(values.expires);
if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
  console.error('--expires must be a positive number of seconds');
  process.exit(2);
}
const attributes: Record<string, string> = {};
for (const pair of values.attr) {
  const [name, ...rest] = pair.split('=');
  if (!name || rest.length === 0) {
    console.error(`--attr must be name=value, got "${pair}"`);
    process.exit(2);
  }
  attributes[name] = rest.join('=');
}
const config = loadAppConfig();
const roles = values.roles
  .split(',')
  .map((role) => role.trim())
  .filter(Boolean);
console.log(
  await signDevelopmentToken(
    {
      sub: values.sub,
      tenant: values.tenant,
      roles,
      ...(values.attr.length > 0 ? { attributes } : {}),
      expiresInSeconds,
      issuer: values.issuer ?? config.jwtIssuer,
      audience: values.audience ?? config.jwtAudience,
    },
    config.jwtSecret,
  ),
);
