/**
 * `npm run token -- --sub alice --tenant acme --roles order:reader,order:writer`: prints a
 * development bearer token signed with `JWT_SECRET` (or the development default), for curl and
 * the GraphQL playground. `--expires <seconds>` (default 3600), `--issuer` (default JWT_ISSUER).
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
  },
});
if (!values.sub) {
  console.error('Usage: npm run token -- --sub <user> [--tenant <id>] [--roles a,b] [--expires s]');
  process.exit(2);
}
const expiresInSeconds = Number(values.expires);
if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
  console.error('--expires must be a positive number of seconds');
  process.exit(2);
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
      expiresInSeconds,
      issuer: values.issuer ?? config.jwtIssuer,
    },
    config.jwtSecret,
  ),
);
