/**
 * Jest global setup for the integration and e2e projects: points DATABASE_URL at a PostgreSQL
 * server that answers, starting embedded PostgreSQL when none does. Workers inherit the
 * environment, and `database-per-file.js` gives each test file its own database on it.
 */
import { DEFAULT_DATABASE_URL, postgresAnswers, startEmbeddedPostgres } from './postgres.js';

export default async function globalSetup() {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (await postgresAnswers(url)) {
    process.env.DATABASE_URL = url;
    return;
  }
  const embedded = await startEmbeddedPostgres();
  process.env.DATABASE_URL = embedded.url;
  process.env.CQRS_DDD_EMBEDDED_POSTGRES = '1';
  globalThis.__cqrsDddEmbeddedPostgres = embedded;
  console.log(`\nNo PostgreSQL answered at ${url}; started embedded PostgreSQL for the tests.`);
}
