import type { EntityManager } from '@mikro-orm/postgresql';

type Transaction = object & { readonly savepointName?: string };
type CommitListener = (transaction: Transaction | undefined) => void;

/** One MikroORM subscriber per EventManager, fanning commit events out to the stores. */
const commitListeners = new WeakMap<object, Set<CommitListener>>();

function listenersOf(em: EntityManager): Set<CommitListener> {
  const events = em.getEventManager();
  let listeners = commitListeners.get(events);
  if (!listeners) {
    const created = new Set<CommitListener>();
    listeners = created;
    commitListeners.set(events, created);
    events.registerSubscriber({
      afterTransactionCommit: (args) => {
        for (const listener of created) listener(args.transaction as Transaction | undefined);
      },
    });
  }
  return listeners;
}

/**
 * Sends the wake-up `NOTIFY` after an appending transaction has committed, from a separate
 * autocommit statement, instead of from inside the appending transaction. PostgreSQL serialises
 * the commits of transactions that sent `NOTIFY` (a global lock held through the commit's WAL
 * flush), which would cap concurrent appends at about one commit per disk flush; sent
 * afterwards, coalesced (at most one in flight, one more queued) and spaced at least
 * `minIntervalMs` apart, notifications cost the appends next to nothing. Appends in autocommit mode notify as soon as they return; appends inside a
 * MikroORM transaction notify on its `afterTransactionCommit` event. If the process dies
 * between a commit and its notification, subscribers still wake up at their next poll.
 */
export class PostgresCommitNotifier {
  private readonly pending = new WeakSet<object>();
  private readonly onCommit: CommitListener = (transaction) => {
    if (transaction && this.pending.delete(transaction)) this.notify();
  };
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queued = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Once closing, notifications are sent without waiting for the interval. */
  private closing = false;

  /**
   * @param send sends one `NOTIFY` (outside any transaction)
   * @param minIntervalMs sends start at least this far apart; requests in between are coalesced
   */
  constructor(
    private readonly em: EntityManager,
    private readonly send: () => Promise<unknown>,
    private readonly minIntervalMs = 0,
  ) {
    listenersOf(em).add(this.onCommit);
  }

  /**
   * Can this notifier handle an append in `transaction` (the caller's MikroORM transaction, if
   * any)? Inside a savepoint it cannot tell when the outer transaction commits: the append must
   * then notify from inside the transaction.
   */
  handles(transaction: Transaction | undefined): boolean {
    return transaction?.savepointName === undefined;
  }

  /** Records a successful append: notifies now, or when `transaction` commits. */
  appended(transaction: Transaction | undefined): void {
    if (transaction) this.pending.add(transaction);
    else this.notify();
  }

  /** Stops listening for commits, sends a notification still waiting, and waits for it. */
  async close(): Promise<void> {
    listenersOf(this.em).delete(this.onCommit);
    this.closing = true;
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.notify();
      }
      if (!this.inFlight) return;
      await this.inFlight;
    }
  }

  private notify(): void {
    if (this.inFlight || this.timer) {
      this.queued = true;
      return;
    }
    const wait = this.closing ? 0 : this.lastSentAt + this.minIntervalMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.notify();
      }, wait);
      return;
    }
    // This send starts after every request made so far, so it answers all of them.
    this.queued = false;
    this.lastSentAt = Date.now();
    this.inFlight = this.send()
      .then(
        () => undefined,
        () => undefined, // a lost wake-up hint is covered by the subscribers' polling
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.queued) {
          this.queued = false;
          this.notify();
        }
      });
  }
}
