/**
 * The MongoDB of the projection benchmark: the server at `MONGO_URL` when set, else the
 * stand-in (CongoDB, see DESIGN.md §7) started in a child process for the run. Either way a
 * database of its own, dropped on close.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import { MongoCheckpointStore, MongoReadModelStore } from '@cqrs-ddd/projections';
import type { ProjectionTarget } from './projection-engine.js';

/** A connection on a fresh database. */
export interface BenchMongo {
  readonly connection: Connection;
  /** `'MongoDB at MONGO_URL'` or `'MongoDB stand-in'`, for the table. */
  readonly label: string;
  readonly standIn: boolean;
  close(): Promise<void>;
}

/** Starts the stand-in server process; resolves to it and its port. */
async function startStandIn(): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./mongo-stand-in.server.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`MongoDB stand-in exited (code ${code})`))),
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<number>((resolve) =>
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port)),
  );
  const port = await Promise.race([ready, exited]);
  lines.close();
  return { child, port };
}

/** Connects to `MONGO_URL` or a stand-in, on a database named `cqrs_ddd_bench_<hex>`. */
export async function openBenchMongo(): Promise<BenchMongo> {
  const standIn = process.env.MONGO_URL ? undefined : await startStandIn();
  // The stand-in answers awaitable `hello`s at once, which breaks the driver's streaming
  // heartbeat: clients poll (as the test setup does).
  const url =
    process.env.MONGO_URL ?? `mongodb://127.0.0.1:${standIn!.port}/?serverMonitoringMode=poll`;
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose
    .createConnection(url, {
      dbName: `cqrs_ddd_bench_${randomBytes(4).toString('hex')}`,
      serverSelectionTimeoutMS: 5_000,
    })
    .asPromise();
  return {
    connection,
    label: standIn ? 'MongoDB stand-in' : 'MongoDB at MONGO_URL',
    standIn: standIn !== undefined,
    async close() {
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
        if (standIn) {
          const exited = new Promise((resolve) => standIn.child.once('exit', resolve));
          standIn.child.kill('SIGTERM');
          await exited;
        }
      }
    },
  };
}

/** The library's Mongo read-model and checkpoint stores on `connection`. */
export function mongoProjectionTarget(connection: Connection): ProjectionTarget {
  return {
    readModels: new MongoReadModelStore(connection),
    checkpoints: new MongoCheckpointStore(connection),
  };
}
