import type { OnApplicationShutdown } from '@nestjs/common';
import {
  assertValidConnection,
  createRedisClient,
  type RedisClient,
} from './redis-client.factory.js';
import type { RedisModuleOptions } from './redis-module.options.js';

/** The clients `RedisModule` opened; it closes them when the application shuts down. */
export class RedisConnections implements OnApplicationShutdown {
  private constructor(
    /** The module's client (`REDIS_CLIENT`). */
    readonly client: RedisClient,
    /** One client per Redlock node (empty unless Redlock nodes are configured). */
    readonly redlockClients: readonly RedisClient[],
  ) {}

  /**
   * Opens the module's client and, with `redlock`, one client per node.
   * @throws ValidationError for invalid connection settings (nothing is opened then).
   */
  static open(options: RedisModuleOptions): RedisConnections {
    assertValidConnection(options, '');
    const nodes = options.redlock?.nodes ?? [];
    nodes.forEach((node, index) => assertValidConnection(node, `redlock.nodes.${index}`));
    return new RedisConnections(createRedisClient(options), nodes.map(createRedisClient));
  }

  /** Quits every client (waiting for replies in flight), or drops those that cannot quit. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client, ...this.redlockClients].map(close));
  }
}

/** Longest wait for a graceful `QUIT` before the connection is dropped. */
const QUIT_TIMEOUT_MS = 2_000;

/**
 * Quits a connected `client` (replies in flight still arrive) and resolves once it has ended;
 * drops a client that is not connected (no reconnection), or whose `QUIT` fails or hangs.
 */
async function close(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready' && client.status !== 'connect') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    client.once('end', () => resolve());
    timer = setTimeout(() => {
      client.disconnect();
      resolve();
    }, QUIT_TIMEOUT_MS);
  });
  client.quit().catch(() => client.disconnect());
  await ended;
  clearTimeout(timer);
}
