import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { ensureAuditSchema } from './audit-schema.js';
import {
  type AuditTestSchema,
  createAuditTestSchema,
  sqlError,
  testClient,
  testDatabaseUrl,
} from './postgres-audit-test.fixture.js';
import { PostgresAuditStore } from './postgres-audit.store.js';

// Everything inside one describe, so its afterAll (dropping the role) runs while the file's
// database still exists.
describe('PostgresAuditStore as the application role', () => {
  const role = uniqueName('audit_app');
  let orm: MikroORM;
  let appOrm: MikroORM;
  let trail: AuditTestSchema;
  let log: string;
  let anchors: string;

  beforeAll(async () => {
    orm = await createTestOrm();
    await orm.em.getConnection().execute(`CREATE ROLE "${role}" LOGIN`);
    trail = await createAuditTestSchema(orm, role);
    log = `"${trail.schema}"."audit_log"`;
    anchors = `"${trail.schema}"."audit_anchors"`;
    appOrm = await createTestOrm({ clientUrl: testDatabaseUrl(role), pool: { min: 0, max: 5 } });
  });

  afterAll(async () => {
    await appOrm?.close();
    await trail?.drop();
    const connection = orm.em.getConnection();
    await connection.execute(`DROP OWNED BY "${role}"`);
    await connection.execute(`DROP ROLE IF EXISTS "${role}"`);
    await orm.close();
  });

  let app: pg.Client;
  beforeEach(async () => {
    app = await testClient(role);
  });
  afterEach(async () => {
    await app.end();
  });

  const store = () => new PostgresAuditStore(appOrm.em, { schema: trail.schema });
  let counter = 0;
  const record = async (occurredAt: Date) => {
    counter += 1;
    await store().record({
      id: `app-${counter}`,
      occurredAt,
      tenantId: 'acme',
      action: 'order:confirm',
      outcome: 'success',
    });
  };

  it('records, reads, verifies and purges through the store', async () => {
    await record(new Date('2020-01-01T00:00:00.000Z'));
    await record(new Date('2026-01-01T00:00:00.000Z'));
    const whoAmI = await app.query<{ user: string }>('SELECT current_user AS user');
    expect(whoAmI.rows).toEqual([{ user: role }]);
    await expect(store().query({ tenantId: 'acme' })).resolves.toMatchObject({
      items: [{ id: `app-${counter}` }, { id: `app-${counter - 1}` }],
    });
    await expect(store().purgeBefore(new Date('2021-01-01T00:00:00.000Z'))).resolves.toBe(1);
    await expect(store().verify('acme')).resolves.toMatchObject({ valid: true, checked: 1 });
  });

  it.each([
    ['UPDATE', () => `UPDATE ${log} SET action = 'x'`],
    ['DELETE', () => `DELETE FROM ${log}`],
    ['TRUNCATE', () => `TRUNCATE ${log}`],
    ['INSERT an anchor', () => `INSERT INTO ${anchors} VALUES ('acme', 1, '${'0'.repeat(64)}')`],
    ['UPDATE an anchor', () => `UPDATE ${anchors} SET sequence = 1`],
  ])('may not %s', async (_operation, statement) => {
    await record(new Date('2026-02-01T00:00:00.000Z'));
    const error = await sqlError(app.query(statement()));
    expect(error).toMatchObject({
      code: '42501',
      message: expect.stringContaining('permission denied'),
    });
  });

  it('cannot delete by turning on the purge setting, nor switch the triggers off', async () => {
    await record(new Date('2026-02-01T00:00:00.000Z'));
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('cqrs_ddd.audit_purge', 'on', true)`);
      await expect(sqlError(app.query(`DELETE FROM ${log}`))).resolves.toMatchObject({
        code: '42501',
      });
    } finally {
      await app.query('ROLLBACK');
    }
    await expect(
      sqlError(app.query('SET session_replication_role = replica')),
    ).resolves.toMatchObject({ code: '42501' });
    await expect(store().verify('acme')).resolves.toMatchObject({ valid: true });
  });

  it('is refused as appRole when it is the role owning the tables', async () => {
    const [{ user }] = await orm.em
      .getConnection()
      .execute<{ user: string }[]>('SELECT current_user AS user');
    await expect(
      ensureAuditSchema(orm.em.getConnection(), { schema: trail.schema, appRole: user }),
    ).rejects.toThrow(/must not be the role that owns the audit tables/);
  });
});
