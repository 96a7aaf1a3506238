import type { NewTenant } from '../registry/tenant.js';

/** One tenant of each isolation tier, as `describeTenantRegistryContract` registers them. */
export const TENANT_REGISTRY_TIER_CASES: readonly (readonly [string, NewTenant])[] = [
  ['shared', { id: 'acme', name: 'Acme Corp', isolation: 'shared' }],
  ['schema', { id: 'globex', name: 'Globex', isolation: 'schema', schema: 'tenant_globex' }],
  [
    'database',
    {
      id: 'initech-42',
      name: 'Initech',
      isolation: 'database',
      databaseUrl: 'postgres://db.internal:5432/initech',
    },
  ],
];

/**
 * Registrations a registry must refuse with a core `ValidationError`, with the fields its
 * `issues` must name (exactly).
 */
export const INVALID_NEW_TENANT_CASES: readonly (readonly [string, object, string[]])[] = [
  ['an empty name', { id: 't', name: '', isolation: 'shared' }, ['name']],
  ['a blank name', { id: 't', name: '   ', isolation: 'shared' }, ['name']],
  ['a name of 201 characters', { id: 't', name: 'x'.repeat(201), isolation: 'shared' }, ['name']],
  ['a name with a NUL', { id: 't', name: 'a\u0000b', isolation: 'shared' }, ['name']],
  ['a missing name', { id: 't', isolation: 'shared' }, ['name']],
  ['an unknown tier', { id: 't', name: 'T', isolation: 'silo' }, ['isolation']],
  ['an unknown status', { id: 't', name: 'T', isolation: 'shared', status: 'gone' }, ['status']],
  ['a schema tier without schema', { id: 't', name: 'T', isolation: 'schema' }, ['schema']],
  [
    'a schema that is not an identifier',
    { id: 't', name: 'T', isolation: 'schema', schema: 'Tenant-T' },
    ['schema'],
  ],
  ['the public schema', { id: 't', name: 'T', isolation: 'schema', schema: 'public' }, ['schema']],
  ['a pg_ schema', { id: 't', name: 'T', isolation: 'schema', schema: 'pg_catalog' }, ['schema']],
  [
    'information_schema',
    { id: 't', name: 'T', isolation: 'schema', schema: 'information_schema' },
    ['schema'],
  ],
  [
    'a schema on the shared tier',
    { id: 't', name: 'T', isolation: 'shared', schema: 'tenant_t' },
    ['schema'],
  ],
  ['a database tier without URL', { id: 't', name: 'T', isolation: 'database' }, ['databaseUrl']],
  [
    'a URL that is not PostgreSQL',
    { id: 't', name: 'T', isolation: 'database', databaseUrl: 'mysql://h/t' },
    ['databaseUrl'],
  ],
  [
    'a URL naming no database',
    { id: 't', name: 'T', isolation: 'database', databaseUrl: 'postgres://h:5432' },
    ['databaseUrl'],
  ],
  [
    'something that is not a URL',
    { id: 't', name: 'T', isolation: 'database', databaseUrl: 'not a url' },
    ['databaseUrl'],
  ],
  [
    'a URL on the schema tier',
    { id: 't', name: 'T', isolation: 'schema', schema: 'tenant_t', databaseUrl: 'postgres://h/t' },
    ['databaseUrl'],
  ],
  [
    'several invalid fields',
    { id: 't', name: '', isolation: 'shared', status: 'gone', databaseUrl: 'postgres://h/t' },
    ['name', 'status', 'databaseUrl'],
  ],
];

/** Ids that are not well formed: refused by `create`, not found by `find`. */
export const MALFORMED_TENANT_IDS: readonly unknown[] = [
  '',
  'Acme',
  '-acme',
  'acme_corp',
  'acme corp',
  "acme'; DROP TABLE tenants; --",
  'a'.repeat(64),
  42,
  null,
];
