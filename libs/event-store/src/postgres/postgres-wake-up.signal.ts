import pg, { type ClientConfig } from 'pg';

/** Options of {@link PostgresWakeUpSignal}. */
export interface PostgresWakeUpSignalOptions {
  /** Notification channel the appending transactions notify. */
  readonly channel: string;
  /** `LISTEN` on a dedicated connection; with `false`, only the poll timer wakes listeners. */
  readonly listen: boolean;
  /** Listeners are woken at least this often. */
  readonly pollIntervalMs: number;
  /** First reconnect delay; doubles per failed attempt up to {@link MAX_RECONNECT_DELAY_MS}. */
  readonly reconnectDelayMs: number;
  /** Settings of the dedicated connection, resolved when it (re)connects. */
  readonly clientConfig: () => Promise<ClientConfig>;
}

/**
 * Settings for the LISTEN connection taken from the app's `pg` pool. `pg` keeps the pool's
 * password non-enumerable, so a plain spread of `pool.options` would drop it and the LISTEN
 * connection would fail on any server that asks for a password.
 */
export function listenConfigOf(pool: pg.Pool): ClientConfig {
  return { ...pool.options, password: pool.options.password };
}

/** Upper bound of the reconnect back-off. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

/** `application_name` of the LISTEN connection, to find it in `pg_stat_activity`. */
export const LISTEN_APPLICATION_NAME = 'cqrs-ddd-event-store-listen';

const ignore = () => undefined;

/**
 * The event store's wake-up signal: a dedicated `pg` connection that `LISTEN`s on the store's
 * channel (appends `NOTIFY` right after their transaction commits, or inside it with
 * `notifyMode: 'in-transaction'`; either way only committed events are announced), plus a poll
 * timer as a safety net. Lost connections are re-established with exponential
 * back-off, and listeners are woken after every (re)connect, because commits made while the
 * connection was down were not notified. Wake-ups are coalesced; listener errors are ignored.
 * The connection and timer exist only while there are listeners.
 */
export class PostgresWakeUpSignal {
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Incremented on stop, so that work started for an earlier run is dropped. */
  private generation = 0;
  private running = false;
  private wakeScheduled = false;
  private failedAttempts = 0;

  constructor(private readonly options: PostgresWakeUpSignalOptions) {}

  /** Registers `listener`; returns its (idempotent) unsubscribe function. */
  subscribe(listener: () => void): () => void {
    const entry = () => listener();
    this.listeners.add(entry);
    if (!this.running) this.start();
    return () => {
      if (this.listeners.delete(entry) && this.listeners.size === 0) void this.stop();
    };
  }

  /** Drops every listener and releases the connection and timers. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.stop();
  }

  /** Calls every listener once, soon (coalescing bursts of notifications). */
  wake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch {
          // A wake-up hint: a faulty listener must not keep the others from waking up.
        }
      }
    });
  }

  private start(): void {
    this.running = true;
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.pollTimer.unref();
    if (this.options.listen) void this.connect(this.generation);
  }

  private async stop(): Promise<void> {
    this.running = false;
    this.generation += 1;
    this.failedAttempts = 0;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(ignore);
  }

  private async connect(generation: number): Promise<void> {
    let client: pg.Client | undefined;
    try {
      const config = await this.options.clientConfig();
      client = new pg.Client({ ...config, application_name: LISTEN_APPLICATION_NAME });
      const connection = client;
      connection.on('error', () => this.lost(connection, generation));
      connection.on('end', () => this.lost(connection, generation));
      connection.on('notification', (message) => {
        if (message.channel === this.options.channel) this.wake();
      });
      await connection.connect();
      await connection.query(`LISTEN "${this.options.channel.replaceAll('"', '""')}"`);
      if (generation !== this.generation) {
        await connection.end().catch(ignore);
        return;
      }
      this.client = connection;
      this.failedAttempts = 0;
      this.wake();
    } catch {
      await client?.end().catch(ignore);
      this.reconnect(generation);
    }
  }

  private lost(client: pg.Client, generation: number): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(ignore);
    this.reconnect(generation);
  }

  private reconnect(generation: number): void {
    if (generation !== this.generation) return;
    const delay = Math.min(
      this.options.reconnectDelayMs * 2 ** this.failedAttempts,
      MAX_RECONNECT_DELAY_MS,
    );
    this.failedAttempts += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(generation), delay);
    this.reconnectTimer.unref();
  }
}
