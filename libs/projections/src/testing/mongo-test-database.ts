import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';

/** Environment variable the jest global setup sets to `1` when MONGO_URL is the stand-in. */
export const MONGO_STAND_IN_ENV = 'CQRS_DDD_MONGO_STAND_IN';

/** A mongoose connection on a database of its own, for one test or test file. */
export interface TestMongoConnection {
  /** Connection whose database (`connection.name`) no other test uses. */
  readonly connection: Connection;
  /** Name of that database. */
  readonly databaseName: string;
  /** Drops the database and closes the connection. */
  dispose(): Promise<void>;
}

/** Options of {@link createTestMongoConnection}. */
export interface TestMongoConnectionOptions {
  /**
   * MongoDB server URL (a database in its path is ignored).
   * @default process.env.MONGO_URL (set by the jest global setup: a real server or the stand-in)
   */
  readonly url?: string;
  /** @default 'cqrs_ddd_test' */
  readonly databasePrefix?: string;
}

/**
 * Connects to the test MongoDB server with a database named `<prefix>_<random hex>`, so test
 * files (and tests) running in parallel never see each other's collections. Call `dispose()`
 * when done: it drops the database.
 */
export async function createTestMongoConnection(
  options: TestMongoConnectionOptions = {},
): Promise<TestMongoConnection> {
  const url = options.url ?? process.env.MONGO_URL;
  if (!url) {
    throw new Error(
      'MONGO_URL is not set: run the tests through jest (its global setup starts a MongoDB stand-in) or set MONGO_URL.',
    );
  }
  const databaseName = `${options.databasePrefix ?? 'cqrs_ddd_test'}_${randomBytes(6).toString('hex')}`;
  // Loaded here so that importing the testing entry point does not need mongoose (an
  // optional peer dependency) unless Mongo tests run.
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose
    .createConnection(url, { dbName: databaseName, serverSelectionTimeoutMS: 5000 })
    .asPromise();
  return {
    connection,
    databaseName,
    async dispose() {
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}

/**
 * Which MongoDB the tests run against, for test names: `'mongo stand-in'` when the jest
 * global setup started the stand-in, `'MONGO_URL'` for a real server given in MONGO_URL.
 */
export function describeMongoTarget(): 'mongo stand-in' | 'MONGO_URL' {
  return process.env[MONGO_STAND_IN_ENV] === '1' ? 'mongo stand-in' : 'MONGO_URL';
}
