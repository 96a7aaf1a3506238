import { describe, expect, it } from '@jest/globals';
import { suiteTenantTables } from './suite-tenant-tables.js';
import { resolveTenantRowLevelSecurityOptions } from './tenant-row-level-security.options.js';
import { createPolicySql, createStampTriggerSql } from './tenant-row-level-security.sql.js';

describe('suiteTenantTables', () => {
  it('lists only the stores asked for', () => {
    expect(suiteTenantTables()).toEqual([]);
    expect(suiteTenantTables({ eventStore: {} })).toEqual([
      { schema: 'public', table: 'cqrs_messages' },
      { schema: 'public', table: 'cqrs_streams', stampTenant: true },
      { schema: 'public', table: 'cqrs_snapshots', addColumn: true },
    ]);
    expect(
      suiteTenantTables({
        eventStore: { schema: 'es', tablePrefix: 'ev_' },
        projections: { schema: 'rm' },
        inbox: {},
      }).map((t) => `${t.schema}.${t.table}`),
    ).toEqual([
      'es.ev_messages',
      'es.ev_streams',
      'es.ev_snapshots',
      'rm.read_model_documents',
      'public.inbox_messages',
    ]);
  });

  it('rejects schema names that are not plain identifiers', () => {
    expect(() => suiteTenantTables({ eventStore: { schema: 'A"' } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => suiteTenantTables({ projections: { schema: 'x y' } })).toThrow(
      expect.objectContaining({ code: 'MULTITENANCY_CONFIGURATION' }),
    );
  });
});

describe('resolveTenantRowLevelSecurityOptions', () => {
  const tables = [{ schema: 'public', table: 'orders' }];

  it('applies the defaults', () => {
    expect(resolveTenantRowLevelSecurityOptions({ tables })).toEqual({
      role: 'cqrs_tenant',
      setting: 'app.tenant_id',
      members: undefined,
      tables: [
        {
          schema: 'public',
          table: 'orders',
          column: 'tenant_id',
          addColumn: false,
          stampTenant: false,
          qualified: '"public"."orders"',
        },
      ],
    });
  });

  it.each([
    ['a quoted role', { tables, role: 'a"b' }],
    ['a setting that is not a custom (dotted) one', { tables, setting: 'search_path' }],
    ['a setting with a quote', { tables, setting: "app.x'" }],
    ['a table listed twice', { tables: [...tables, ...tables] }],
    ['a column with a space', { tables: [{ ...tables[0], column: 'tenant id' }] }],
    ['a member with upper case', { tables, members: ['App'] }],
  ])('rejects %s', (_, options) => {
    expect(() => resolveTenantRowLevelSecurityOptions(options)).toThrow(
      expect.objectContaining({ code: 'MULTITENANCY_CONFIGURATION' }),
    );
  });

  it('builds a policy for the role on the setting, for reads and writes', () => {
    const o = resolveTenantRowLevelSecurityOptions({ tables, role: 'tenant_r', setting: 'x.t' });
    const [policy] = createPolicySql(o, o.tables[0]);
    expect(policy).toBe(
      `CREATE POLICY "cqrs_tenant_isolation" ON "public"."orders" AS PERMISSIVE FOR ALL TO "tenant_r" ` +
        `USING ("tenant_id" = current_setting('x.t', true)) WITH CHECK ("tenant_id" = current_setting('x.t', true))`,
    );
    expect(createStampTriggerSql(o, o.tables[0])[0]).toContain(
      `EXECUTE FUNCTION "public"."cqrs_ddd_stamp_tenant"('tenant_id', 'x.t')`,
    );
  });
});
