/**
 * HTTP benchmark (`npm run bench -- http`): `POST /orders` then `POST /orders/:id/items`, in a
 * loop on every connection, through the full reference app (validation, CQRS pipeline,
 * event-sourced aggregate, Postgres event store, read-model processor) versus a plain Nest
 * controller writing the same rows with MikroORM; same PostgreSQL (a throw-away database on
 * `DATABASE_URL`), same run, autocannon with 50 connections for 20 s each. Prints req/s, p50
 * and p99 latency of both and the ratio (target: the app ≥ 0.5× the plain controller).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type AutocannonResult } from 'autocannon';
import pg from 'pg';
import { printTable } from '../measure.js';
import { PLAIN_TABLES_SQL } from './plain-orders.module.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 50;
/** Seconds of load per contestant; `HTTP_BENCH_DURATION_S` shortens it for a smoke run. */
const DURATION_S = Number(process.env.HTTP_BENCH_DURATION_S ?? 20);
const WARMUP_S = Math.min(3, DURATION_S);

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

async function onDatabase(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts `bench-server.js <variant>` and resolves once it listens. */
async function startServer(variant: 'app' | 'plain', databaseUrl: string): Promise<Server> {
  const script = fileURLToPath(new URL('./bench-server.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, variant, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench server "${variant}" exited early with code ${String(code)}`);
  });
  const listening = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) return Number(match[1]);
    }
    throw new Error(`bench server "${variant}" closed its output before listening`);
  })();
  const port = await Promise.race([listening, exited]);
  exited.catch(() => undefined);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    },
  };
}

/**
 * A development bearer token of the reference app (tenant `acme`, writer): the app checks it on
 * every request, the plain controller ignores it — authentication and tenancy are part of the
 * measured cost.
 */
async function benchToken(): Promise<string> {
  const dist = new URL('../../../apps/reference/dist/', import.meta.url);
  const [{ signDevelopmentToken }, { loadAppConfig }] = await Promise.all([
    import(new URL('auth/development-token.js', dist).href),
    import(new URL('config/app-config.js', dist).href),
  ]);
  const { jwtSecret } = loadAppConfig({}) as { jwtSecret: string };
  return (signDevelopmentToken as (claims: object, secret: string) => Promise<string>)(
    { sub: 'bench', tenant: 'acme', roles: ['order:writer'] },
    jwtSecret,
  );
}

/** Each connection loops: create an order, then add an item to it. */
function load(url: string, durationS: number, token: string): Promise<AutocannonResult> {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: '/orders',
        headers: json,
        body: JSON.stringify({ customerId: 'bench-customer' }),
        onResponse: (status, body, context) => {
          context.orderId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
        },
      },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ productId: 'sku-1', quantity: 2, unitPrice: 9.99 }),
        setupRequest: (request, context) =>
          typeof context.orderId === 'string'
            ? { ...request, path: `/orders/${context.orderId}/items` }
            : undefined,
      },
    ],
  });
}

function failures(result: AutocannonResult): number {
  return result.errors + result.timeouts + result.non2xx;
}

/** Runs the HTTP benchmark and prints its table. */
export async function run(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const name = `cqrs_ddd_bench_http_${randomBytes(4).toString('hex')}`;
  await onDatabase(serverUrl, [`CREATE DATABASE ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const servers: Server[] = [];
  try {
    const app = await startServer('app', databaseUrl); // migrates the event store's tables
    servers.push(app);
    await onDatabase(databaseUrl, PLAIN_TABLES_SQL);
    const plain = await startServer('plain', databaseUrl);
    servers.push(plain);

    console.log(
      `HTTP: ${CONNECTIONS} connections, ${DURATION_S} s per contestant (after ${WARMUP_S} s warm-up)`,
    );
    const contestants = [
      { name: 'reference app (full pipeline)', server: app },
      { name: 'plain Nest controller + MikroORM', server: plain },
    ];
    // The baseline runs first: the app's read-model processor may still be catching up after
    // the app's run, and must not steal the baseline's CPU.
    const results: AutocannonResult[] = [];
    const token = await benchToken();
    for (const { server } of [...contestants].reverse()) {
      await load(server.url, WARMUP_S, token);
      results.unshift(await load(server.url, DURATION_S, token));
    }

    const [full, baseline] = results as [AutocannonResult, AutocannonResult];
    printTable(
      ['variant', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'ratio'],
      contestants.map(({ name }, index) => {
        const result = results[index]!;
        return [
          name,
          result.requests.average.toFixed(0),
          String(result.latency.p50),
          String(result.latency.p99),
          String(failures(result)),
          (result.requests.average / baseline.requests.average).toFixed(2),
        ];
      }),
    );
    const ratio = full.requests.average / baseline.requests.average;
    console.log(`ratio app / plain: ${ratio.toFixed(2)} (target >= 0.50)`);
    if (failures(full) + failures(baseline) > 0) {
      console.log('warning: some requests failed; see the failed column.');
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await onDatabase(serverUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
}
