/**
 * Child process of the projection benchmark: serves the MongoDB stand-in (CongoDB from
 * `@push.rocks/smartmongo`, documents in memory) on a free port of 127.0.0.1, so its work runs
 * on its own event loop like a real server's, not in the benchmark's. Prints one JSON line
 * `{ "port": n }` once listening; stops on SIGTERM.
 * Usage: `node mongo-stand-in.server.js`.
 */
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Only the CongoDB part: the package's entry point also loads MongoDB tooling (seconds).
const { CongoServer } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js');
const port = await freePort();
const server = new CongoServer({ host: '127.0.0.1', port });
await server.start();
process.once('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
console.log(JSON.stringify({ port }));
