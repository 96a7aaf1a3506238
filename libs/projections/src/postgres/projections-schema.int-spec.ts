import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { migrateProjections, projectionsTables } from './projections-schema.js';

describe('migrateProjections (integration)', () => {
  let orm: MikroORM;
  let otherOrm: MikroORM;
  const schemas: string[] = [];
  const newSchema = () => {
    const schema = `proj_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };
  const tablesIn = async (schema: string) => {
    const rows = await orm.em.execute<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = ?
       ORDER BY table_name`,
      [schema],
    );
    return rows.map((row) => row.table_name);
  };
  const expectedTables = [
    'processor_checkpoints',
    'processor_leases',
    'processor_parked_events',
    'processor_suspensions',
    'projection_states',
    'read_model_documents',
  ];

  beforeAll(async () => {
    orm = await createTestOrm();
    otherOrm = await createTestOrm();
  });
  afterAll(async () => {
    for (const schema of schemas) await orm.em.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([orm.close(), otherOrm.close()]);
  });

  it('creates every table in the given schema, and none in public', async () => {
    const schema = newSchema();
    const publicBefore = await tablesIn('public');
    await migrateProjections(orm.em, { schema });
    expect(await tablesIn(schema)).toEqual(expectedTables);
    expect(await tablesIn('public')).toEqual(publicBefore);
  });

  it('is idempotent and keeps the data of an earlier run', async () => {
    const schema = newSchema();
    await migrateProjections(orm.em, { schema });
    const { checkpoints } = projectionsTables({ schema });
    await orm.em.execute(
      `INSERT INTO ${checkpoints} (processor_name, partition, updated_at) VALUES ('p', 0, now())`,
    );
    await migrateProjections(orm.em, { schema });
    expect(await tablesIn(schema)).toEqual(expectedTables);
    const rows = await orm.em.execute<{ processor_name: string }[]>(
      `SELECT processor_name FROM ${checkpoints}`,
    );
    expect(rows).toEqual([{ processor_name: 'p' }]);
  });

  it('lets instances starting together migrate the same schema concurrently', async () => {
    const schema = newSchema();
    const runs = [orm, otherOrm, orm, otherOrm].map((each) =>
      migrateProjections(each.em, { schema }),
    );
    await expect(Promise.all(runs)).resolves.toHaveLength(4);
    expect(await tablesIn(schema)).toEqual(expectedTables);
  });

  it('migrates the public schema by default', async () => {
    await migrateProjections(orm.em);
    expect(await tablesIn('public')).toEqual(expect.arrayContaining(expectedTables));
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(
      migrateProjections(orm.em, { schema: 'x"; DROP TABLE y; --' }),
    ).rejects.toMatchObject({ code: 'PROJECTIONS_CONFIGURATION' });
  });
});
