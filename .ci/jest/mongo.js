/**
 * Test MongoDB: the server at MONGO_URL when set (e.g. the docker-compose replica set),
 * otherwise the stand-in, CongoDB from `@push.rocks/smartmongo` — a MongoDB wire-protocol
 * server in this process, with documents in memory (DESIGN.md §7 lists what it lacks).
 */
import { freePort } from './postgres.js';

/** Set to `1` in the test environment when MONGO_URL points at the stand-in. */
export const MONGO_STAND_IN_ENV = 'CQRS_DDD_MONGO_STAND_IN';

/**
 * The URL of a stand-in on `port`. The stand-in announces a topologyVersion but answers
 * awaitable `hello`s at once, which breaks the driver's streaming heartbeat (it then clears
 * the connection pool under load), so clients poll.
 */
export function mongoStandInUrl(port) {
  return `mongodb://127.0.0.1:${port}/?serverMonitoringMode=poll`;
}

/**
 * Starts the stand-in on `port` (default: a free one) and returns its URL, a `stop()` function
 * and how long the start took. Only the CongoDB part of the package is imported: its entry
 * point also loads MongoDB tooling the stand-in does not need, which takes seconds.
 */
export async function startMongoStandIn(port) {
  const started = performance.now();
  const listenOn = port ?? (await freePort());
  const { CongoServer } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js');
  const server = new CongoServer({ host: '127.0.0.1', port: listenOn });
  await server.start();
  return {
    url: mongoStandInUrl(listenOn),
    startMs: Math.round(performance.now() - started),
    stop: () => server.stop(),
  };
}

/** `url` with any password replaced by `***`, for logging. */
export function redactMongoUrl(url) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
