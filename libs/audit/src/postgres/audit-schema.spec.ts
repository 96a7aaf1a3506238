import { describe, expect, it } from '@jest/globals';
import { isAuditConfigurationError } from '../chain/audit-configuration.error.js';
import { auditTables, ensureAuditSchema } from './audit-schema.js';

describe('auditTables', () => {
  it('quotes the schema-qualified names', () => {
    expect(auditTables('audit')).toEqual({
      schema: '"audit"',
      log: '"audit"."audit_log"',
      anchors: '"audit"."audit_anchors"',
      purge: '"audit"."audit_purge"',
      appendOnly: '"audit"."audit_log_append_only"',
    });
    expect(auditTables().log).toBe('"public"."audit_log"');
  });

  it.each(['', 'Audit', 'a"; DROP TABLE x; --', 'a.b', 'x'.repeat(64), 42])(
    'refuses the schema name %p',
    (schema) => {
      let thrown: unknown;
      try {
        auditTables(schema as string);
      } catch (error) {
        thrown = error;
      }
      expect(isAuditConfigurationError(thrown)).toBe(true);
    },
  );
});

describe('ensureAuditSchema', () => {
  it.each(['', 'app"; DROP ROLE x; --', "app'role", 'a b'])(
    'refuses the role name %p before running anything',
    async (appRole) => {
      const statements: string[] = [];
      const connection = { execute: async (sql: string) => void statements.push(sql) };
      await expect(ensureAuditSchema(connection, { appRole })).rejects.toMatchObject({
        code: 'AUDIT_CONFIGURATION',
      });
      expect(statements).toEqual([]);
    },
  );

  it('grants the app role read and append only, in the same script', async () => {
    const statements: string[] = [];
    const connection = { execute: async (sql: string) => void statements.push(sql) };
    await ensureAuditSchema(connection, { schema: 'audit', appRole: 'app_user' });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('GRANT SELECT, INSERT ON "audit"."audit_log" TO "app_user"');
    expect(statements[0]).toContain(
      'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit"."audit_log" FROM "app_user"',
    );
    expect(statements[0]).not.toMatch(/GRANT[^;]*(UPDATE|DELETE|TRUNCATE)/);
  });
});
