import { describe, expect, it } from '@jest/globals';
import { identitySchemaDdl, identityTables, timestampOf } from './identity-schema.js';

describe('identity schema', () => {
  it('reads timestamptz values from Dates and from PostgreSQL text in any offset', () => {
    const instant = new Date('2026-01-01T00:15:00.123Z');
    expect(timestampOf(instant)).toBe(instant);
    expect(timestampOf('2026-01-01 00:15:00.123+00')).toEqual(instant);
    expect(timestampOf('2026-01-01 01:15:00.123+01')).toEqual(instant);
    expect(timestampOf('2026-01-01 05:45:00.123+05:30')).toEqual(instant);
    expect(timestampOf(null)).toBeUndefined();
  });

  it('qualifies every table of the DDL with the schema', () => {
    const ddl = identitySchemaDdl(identityTables('auth'));
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "auth"."identity_users"');
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "auth"."identity_api_keys"');
    expect(ddl.match(/ON "auth"\./g)).toHaveLength(3);
    // `?` would be taken for a parameter placeholder by MikroORM.
    expect(ddl).not.toContain('?');
  });
});
