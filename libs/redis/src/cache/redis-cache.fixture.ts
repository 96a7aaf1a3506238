// Test fixture (not part of the public API): Redis clients of the tests and key cleanup.
import { Redis } from 'ioredis';

/** Redis of the tests: `REDIS_URL`, else the local server on 6379. */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Every key matching `pattern` (SCAN, so safe on a shared server). */
export async function keysMatching(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key matching `pattern`. */
export async function deleteKeysMatching(client: Redis, pattern: string): Promise<void> {
  const keys = await keysMatching(client, pattern);
  if (keys.length > 0) await client.del(...keys);
}
