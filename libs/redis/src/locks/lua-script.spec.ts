import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { lockKeys } from './lock-keys.js';
import { LuaScript, type RedisLockClient } from './lua-script.js';

/** A client whose `evalsha` fails with `evalshaError` (or answers), recording the calls. */
function fakeClient(evalshaError?: Error) {
  const calls: string[] = [];
  const client = {
    evalsha: async (...args: unknown[]) => {
      calls.push(`evalsha ${args.join(' ')}`);
      if (evalshaError) throw evalshaError;
      return 'cached';
    },
    eval: async (...args: unknown[]) => {
      calls.push(`eval ${args.slice(1).join(' ')}`);
      return 'loaded';
    },
  };
  return { client: client as unknown as RedisLockClient, calls };
}

describe('LuaScript', () => {
  const script = new LuaScript('return 1');

  it('names the script by its SHA-1 and runs it with EVALSHA', async () => {
    expect(script.sha).toBe(createHash('sha1').update('return 1').digest('hex'));
    const { client, calls } = fakeClient();
    await expect(script.run(client, ['k1', 'k2'], ['a', 5])).resolves.toBe('cached');
    expect(calls).toEqual([`evalsha ${script.sha} 2 k1 k2 a 5`]);
  });

  it('falls back to EVAL when the server does not know the script', async () => {
    const { client, calls } = fakeClient(new Error('NOSCRIPT No matching script.'));
    await expect(script.run(client, ['k'], [1])).resolves.toBe('loaded');
    expect(calls[1]).toBe('eval 1 k 1');
  });

  it('rethrows other errors', async () => {
    const { client, calls } = fakeClient(new Error('READONLY replica'));
    await expect(script.run(client, ['k'], [])).rejects.toThrow('READONLY');
    expect(calls).toHaveLength(1);
  });
});

describe('lockKeys', () => {
  it('puts every key of a resource under the prefix in one hash tag (one Cluster slot)', () => {
    const keys = lockKeys('app:lock:', 'order-1');
    expect(Object.values(keys)).toEqual([
      'app:lock:{order-1}:lock',
      'app:lock:{order-1}:fence',
      'app:lock:{order-1}:queue',
      'app:lock:{order-1}:alive',
      'app:lock:{order-1}:arrivals',
    ]);
  });
});
