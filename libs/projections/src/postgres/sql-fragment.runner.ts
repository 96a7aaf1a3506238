import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import type { SqlFragment } from './sql-fragment.js';

/**
 * Runs `statement` with real bind parameters (`$1`, `$2`...) through MikroORM's Kysely
 * instance: inside the caller's MikroORM transaction when there is one (`em.transactional`,
 * the unit of work), else as one autocommit statement. Unlike `em.execute`, which inlines
 * escaped values into the SQL text, values travel apart from the statement, so a batch's
 * JSON payload is neither escaped in JavaScript nor scanned by the SQL parser.
 */
export async function runSql<TRow>(em: SqlEntityManager, statement: SqlFragment): Promise<TRow[]> {
  const parts = statement.text.split('?');
  const text = parts.reduce((result, part, i) => `${result}$${i}${part}`);
  const result = await em
    .getKysely<unknown>()
    .executeQuery<TRow>(CompiledQuery.raw(text, [...statement.params]));
  return result.rows as TRow[];
}
