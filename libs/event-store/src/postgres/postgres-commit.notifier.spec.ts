import { describe, expect, it, jest } from '@jest/globals';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PostgresCommitNotifier } from './postgres-commit.notifier.js';

type Subscriber = { afterTransactionCommit(args: { transaction?: object }): void };

/** The part of an EntityManager the notifier uses: its EventManager. */
function fakeEntityManager() {
  const subscribers: Subscriber[] = [];
  const events = { registerSubscriber: (subscriber: Subscriber) => subscribers.push(subscriber) };
  const em = { getEventManager: () => events } as unknown as EntityManager;
  const commit = (transaction: object) => {
    for (const subscriber of subscribers) subscriber.afterTransactionCommit({ transaction });
  };
  return { em, subscribers, commit };
}

/** A `send` whose calls stay pending until released. */
function controlledSend() {
  const releases: (() => void)[] = [];
  const send = () => new Promise<void>((resolve) => releases.push(resolve));
  const releaseNext = async () => {
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { send, releases, releaseNext };
}

describe('PostgresCommitNotifier', () => {
  it('notifies at once after an autocommit append, coalescing bursts into one more send', async () => {
    const { em } = fakeEntityManager();
    const { send, releases, releaseNext } = controlledSend();
    const notifier = new PostgresCommitNotifier(em, send);
    notifier.appended(undefined);
    notifier.appended(undefined);
    notifier.appended(undefined);
    expect(releases).toHaveLength(1); // one in flight, one queued
    await releaseNext();
    expect(releases).toHaveLength(1); // the queued one, sent after the first completed
    await releaseNext();
    expect(releases).toHaveLength(0);
    await notifier.close();
  });

  it('notifies when the appending transaction commits, and only then', async () => {
    const { em, commit } = fakeEntityManager();
    const { send, releases, releaseNext } = controlledSend();
    const notifier = new PostgresCommitNotifier(em, send);
    const transaction = {};
    notifier.appended(transaction);
    commit({}); // another transaction
    expect(releases).toHaveLength(0);
    commit(transaction);
    expect(releases).toHaveLength(1);
    await releaseNext();
    commit(transaction); // already notified
    expect(releases).toHaveLength(0);
    await notifier.close();
  });

  it('leaves savepoints to in-transaction notifications and survives failed sends', async () => {
    const { em, subscribers } = fakeEntityManager();
    let sends = 0;
    const notifier = new PostgresCommitNotifier(em, async () => {
      sends += 1;
      throw new Error('connection lost');
    });
    expect(notifier.handles(undefined)).toBe(true);
    expect(notifier.handles({})).toBe(true);
    expect(notifier.handles({ savepointName: 'trx1' })).toBe(false);
    notifier.appended(undefined);
    await notifier.close();
    expect(sends).toBe(1);
    // One MikroORM subscriber per EventManager, however many notifiers.
    const another = new PostgresCommitNotifier(em, async () => undefined);
    expect(subscribers).toHaveLength(1);
    await another.close();
  });

  it('spaces sends at least minIntervalMs apart, and flushes a waiting one on close', async () => {
    jest.useFakeTimers();
    try {
      const { em } = fakeEntityManager();
      const sentAt: number[] = [];
      const notifier = new PostgresCommitNotifier(
        em,
        async () => {
          sentAt.push(Date.now());
        },
        5,
      );
      const start = Date.now();
      notifier.appended(undefined);
      await jest.advanceTimersByTimeAsync(1);
      notifier.appended(undefined);
      notifier.appended(undefined);
      await jest.advanceTimersByTimeAsync(1);
      expect(sentAt.map((at) => at - start)).toEqual([0]);
      await jest.advanceTimersByTimeAsync(5);
      expect(sentAt.map((at) => at - start)).toEqual([0, 5]);
      notifier.appended(undefined); // waits for the interval...
      await notifier.close(); // ...unless the notifier closes
      expect(sentAt).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
