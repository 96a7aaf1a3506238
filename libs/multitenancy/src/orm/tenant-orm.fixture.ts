// Test fixture (not part of the public API): a MikroORM with tenant isolation on a schema of its own.
import { runInContext } from '@cqrs-ddd/core';
import { useSharedResource } from '@cqrs-ddd/core/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Currency, Invoice, OrderSchema } from './tenant-entities.fixture.js';
import { withTenantIsolation } from './tenant-isolation.config.js';

/** Runs `work` in a request context of `tenantId`. */
export const asTenant = <T>(tenantId: string, work: () => Promise<T>): Promise<T> =>
  runInContext({ tenantId }, work);

/** The error `work` fails with (a plain `{ succeeded }` marker when it does not fail). */
export async function failure(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    (value) => ({ succeeded: value }),
    (error: unknown) => error,
  );
}

/** A row of the `orders` table. */
export interface OrderRow {
  id: string;
  tenant_id: string;
  status: string;
  amount: number;
}

/** A MikroORM on DATABASE_URL whose tables live in a new schema. */
export interface TenantTestOrm {
  readonly orm: MikroORM;
  /** Empties the tables; orders a-1, a-2 of `acme` and b-1, b-2 of `bolt`. */
  seed(): Promise<void>;
  /** Every order row, read with plain SQL (around filters and repositories). */
  rows(): Promise<OrderRow[]>;
  /** Drops the schema and closes the ORM. */
  dispose(): Promise<void>;
}

/**
 * Registers the hooks of a test file on a {@link TenantTestOrm} (call it inside the file's
 * top-level `describe`): opened before the tests, seeded before each, dropped after all.
 */
export function useTenantTestOrm(): Pick<TenantTestOrm, 'orm' | 'rows'> {
  const db = useSharedResource(openTenantTestOrm, (opened) => opened.seed());
  return {
    get orm() {
      return db().orm;
    },
    rows: () => db().rows(),
  };
}

/**
 * Opens a MikroORM with {@link withTenantIsolation} on DATABASE_URL (the jest setup gives each
 * test file a database) and creates the fixture's tables in a uniquely named schema.
 */
async function openTenantTestOrm(): Promise<TenantTestOrm> {
  const clientUrl = process.env.DATABASE_URL;
  if (!clientUrl)
    throw new Error('DATABASE_URL is not set: run through the jest integration project.');
  const schema = `mt_orm_${randomBytes(6).toString('hex')}`;
  const orm = await MikroORM.init(
    withTenantIsolation({
      clientUrl,
      schema,
      entities: [OrderSchema, Invoice, Currency],
      pool: { min: 0, max: 4 },
    }),
  );
  const sql = (statement: string) => orm.em.getConnection().execute(statement);
  await sql(`CREATE SCHEMA "${schema}"`);
  await orm.schema.create();
  return {
    orm,
    async seed() {
      await sql(`TRUNCATE "${schema}".orders, "${schema}".invoices, "${schema}".currencies`);
      await sql(
        `INSERT INTO "${schema}".orders (id, tenant_id, status, amount) VALUES
           ('a-1', 'acme', 'pending', 10), ('a-2', 'acme', 'confirmed', 20),
           ('b-1', 'bolt', 'pending', 30), ('b-2', 'bolt', 'confirmed', 40)`,
      );
    },
    rows: () =>
      orm.em
        .getConnection()
        .execute<OrderRow[]>(
          `SELECT id, tenant_id, status, amount FROM "${schema}".orders ORDER BY id`,
        ),
    async dispose() {
      try {
        await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await orm.close();
      }
    },
  };
}
