/**
 * Runs before each integration/e2e test file: creates a database of its own on the test
 * server, points `process.env.DATABASE_URL` (and `TEST_DATABASE_NAME`) at it for the file's
 * tests, and drops it afterwards. Tests read DATABASE_URL in their own `beforeAll`.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const serverUrl = process.env.DATABASE_URL;
const name = `cqrs_ddd_test_${randomBytes(6).toString('hex')}`;

async function onServer(sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEST_DATABASE_NAME = name;
});

afterAll(async () => {
  process.env.DATABASE_URL = serverUrl;
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});
