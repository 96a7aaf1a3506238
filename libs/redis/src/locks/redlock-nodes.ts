import type { RedisLockClient } from './lua-script.js';

/** The reply of a node that failed, did not answer in time, or is down. */
export const NO_REPLY: unique symbol = Symbol('no reply');

/** What one node answered: its reply, or {@link NO_REPLY}. */
export type NodeReply<T> = T | typeof NO_REPLY;

/**
 * The independent Redis servers of a Redlock, called in parallel with a time limit per call,
 * so a slow or dead node costs at most `timeoutMs` and counts as a refusal.
 */
export class RedlockNodes {
  /** How many nodes must agree: a strict majority. */
  readonly quorum: number;

  constructor(
    readonly clients: readonly RedisLockClient[],
    private readonly timeoutMs: number,
  ) {
    this.quorum = Math.floor(clients.length / 2) + 1;
  }

  /** Runs `call` on the nodes at `indexes` (default: all); replies in the same order. */
  async each<T>(
    call: (client: RedisLockClient) => Promise<unknown>,
    indexes: readonly number[] = this.clients.map((_, index) => index),
  ): Promise<NodeReply<T>[]> {
    return Promise.all(indexes.map((index) => this.limited<T>(call(this.clients[index]!))));
  }

  private limited<T>(reply: Promise<unknown>): Promise<NodeReply<T>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof NO_REPLY>((resolve) => {
      timer = setTimeout(() => resolve(NO_REPLY), this.timeoutMs);
    });
    const answered = reply.then(
      (value): NodeReply<T> => value as T,
      (): NodeReply<T> => NO_REPLY,
    );
    return Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
  }
}
