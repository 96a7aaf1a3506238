/**
 * Jest global setup for the integration and e2e projects:
 * - points DATABASE_URL at a PostgreSQL server that answers, starting embedded PostgreSQL
 *   when none does (`database-per-file.js` then gives each test file its own database);
 * - points MONGO_URL at MongoDB: the server given in MONGO_URL, else the stand-in started here.
 * Workers inherit the environment.
 */
import { MONGO_STAND_IN_ENV, mongoStandInUrl, redactMongoUrl, startMongoStandIn } from './mongo.js';
import {
  DEFAULT_DATABASE_URL,
  freePort,
  postgresAnswers,
  startEmbeddedPostgres,
} from './postgres.js';

async function setUpPostgres() {
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

// Runs once per project (integration, e2e) in the same process: the second call keeps what
// the first set up. The stand-in starts in the background (about half a second, mostly
// loading its code) while jest starts its workers: MONGO_URL is known at once, and a client
// that connects earlier waits for the server like for any server that is not up yet.
async function setUpMongo() {
  if (process.env.MONGO_URL) {
    if (!globalThis.__cqrsDddMongoAnnounced && process.env[MONGO_STAND_IN_ENV] !== '1') {
      console.log(
        `\nMongo tests use the real MongoDB at MONGO_URL (${redactMongoUrl(process.env.MONGO_URL)}).`,
      );
    }
    globalThis.__cqrsDddMongoAnnounced = true;
    return;
  }
  const port = await freePort();
  process.env.MONGO_URL = mongoStandInUrl(port);
  process.env[MONGO_STAND_IN_ENV] = '1';
  globalThis.__cqrsDddMongoAnnounced = true;
  globalThis.__cqrsDddMongoStandIn = startMongoStandIn(port).then(
    (standIn) => {
      console.log(
        `\nMONGO_URL is not set: Mongo tests use the stand-in (CongoDB, @push.rocks/smartmongo) at ${standIn.url}, started in ${standIn.startMs} ms.`,
      );
      return standIn;
    },
    (error) => {
      console.error('\nThe MongoDB stand-in failed to start; Mongo tests will fail:', error);
      return undefined;
    },
  );
}

export default async function globalSetup() {
  await Promise.all([setUpPostgres(), setUpMongo()]);
}
