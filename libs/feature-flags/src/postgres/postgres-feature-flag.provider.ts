import {
  evaluateFlagDefinition,
  FeatureFlagProvider,
  type FlagDefinition,
  type FlagEvaluation,
  type FlagEvaluationContext,
  type FlagValue,
  type FlagValueOf,
  validateFlagDefinition,
} from '@cqrs-ddd/core';
import { listenConfigOf, PostgresWakeUpSignal } from '@cqrs-ddd/event-store';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientConfig } from 'pg';
import { PostgresFeatureFlagStore } from './postgres-feature-flag.store.js';
import type { StoredFeatureFlag } from './stored-feature-flag.js';

/** Options of {@link PostgresFeatureFlagProvider}. */
export interface PostgresFeatureFlagProviderOptions {
  /** PostgreSQL schema of the `feature_flags` table. @default 'public' */
  readonly schema?: string;
  /**
   * The flags are reloaded at least this often, besides the reload every change triggers
   * through `NOTIFY`.
   * @default 30000
   */
  readonly refreshIntervalMs?: number;
  /**
   * Settings of the dedicated `LISTEN` connection.
   * @default those of MikroORM's `pg` pool
   */
  readonly listenClientConfig?: ClientConfig;
}

/** Default of {@link PostgresFeatureFlagProviderOptions.refreshIntervalMs}. */
export const DEFAULT_FLAG_REFRESH_INTERVAL_MS = 30_000;
const RECONNECT_DELAY_MS = 500;

/** The cached flags: global ones and tenants' overrides. */
interface FlagSnapshot {
  readonly global: ReadonlyMap<string, FlagDefinition>;
  readonly tenants: ReadonlyMap<string, ReadonlyMap<string, FlagDefinition>>;
}

function snapshotOf(flags: readonly StoredFeatureFlag[]): FlagSnapshot {
  const global = new Map<string, FlagDefinition>();
  const tenants = new Map<string, Map<string, FlagDefinition>>();
  for (const flag of flags) {
    // A row edited by hand into an invalid definition is left out: it evaluates as unknown.
    if (validateFlagDefinition(flag.definition).length > 0) continue;
    if (flag.tenantId === undefined) {
      global.set(flag.key, flag.definition);
    } else {
      let overrides = tenants.get(flag.tenantId);
      if (!overrides) tenants.set(flag.tenantId, (overrides = new Map()));
      overrides.set(flag.key, flag.definition);
    }
  }
  return { global, tenants };
}

/**
 * {@link FeatureFlagProvider} over the `feature_flags` table: flag definitions evaluated with
 * core's evaluator (identical results to the in-memory provider), from an in-process cache of
 * every row. A tenant's row overrides the global row of the same key for that tenant; a key
 * with neither is an unknown flag (off).
 *
 * The cache is loaded on {@link start} (or the first evaluation) and reloaded whenever a
 * writer `NOTIFY`s the table's channel (`PostgresFeatureFlagStore` does in its transactions),
 * after each (re)connect of the `LISTEN` connection, and every `refreshIntervalMs`. A failed
 * reload keeps serving the previous flags. Call {@link close} on shutdown.
 */
export class PostgresFeatureFlagProvider extends FeatureFlagProvider {
  /** Reads the rows (and writes them, for the admin API). */
  readonly store: PostgresFeatureFlagStore;
  private readonly signal: PostgresWakeUpSignal;
  private snapshot: FlagSnapshot = { global: new Map(), tenants: new Map() };
  private started: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private loading: Promise<void> | undefined;
  private reloadAfterLoading: Promise<void> | undefined;

  /** @throws FeatureFlagsConfigurationError for an invalid schema name */
  constructor(em: EntityManager, options: PostgresFeatureFlagProviderOptions = {}) {
    super();
    this.store = new PostgresFeatureFlagStore(em, { schema: options.schema });
    const { listenClientConfig } = options;
    this.signal = new PostgresWakeUpSignal({
      channel: this.store.tables.channel,
      listen: true,
      pollIntervalMs: options.refreshIntervalMs ?? DEFAULT_FLAG_REFRESH_INTERVAL_MS,
      reconnectDelayMs: RECONNECT_DELAY_MS,
      clientConfig: async () =>
        listenClientConfig ?? listenConfigOf(await em.getConnection().getNativeClient()),
    });
  }

  /** Creates a provider and waits for its first load (rejects when the table cannot be read). */
  static async start(
    em: EntityManager,
    options?: PostgresFeatureFlagProviderOptions,
  ): Promise<PostgresFeatureFlagProvider> {
    const provider = new PostgresFeatureFlagProvider(em, options);
    await provider.start();
    return provider;
  }

  /** Loads the flags and starts listening for changes; idempotent (retried after a failure). */
  start(): Promise<void> {
    this.started ??= this.refresh().then(
      () => {
        this.unsubscribe ??= this.signal.subscribe(
          () => void this.refresh().catch(() => undefined),
        );
      },
      (error: unknown) => {
        this.started = undefined;
        throw error;
      },
    );
    return this.started;
  }

  /**
   * Reloads every flag now. Resolves once a load that started after this call has finished,
   * so changes committed before the call are seen.
   */
  refresh(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
      return this.loading;
    }
    this.reloadAfterLoading ??= this.loading
      .catch(() => undefined)
      .then(() => {
        this.reloadAfterLoading = undefined;
        return this.refresh();
      });
    return this.reloadAfterLoading;
  }

  async evaluate<T extends FlagValue>(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: T,
  ): Promise<FlagEvaluation<FlagValueOf<T>>> {
    await this.start();
    const { global, tenants } = this.snapshot;
    const override =
      context.tenantId === undefined ? undefined : tenants.get(context.tenantId)?.get(flagKey);
    return evaluateFlagDefinition(override ?? global.get(flagKey), context, defaultValue);
  }

  /** Stops listening and releases the `LISTEN` connection. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.signal.close();
  }

  private async load(): Promise<void> {
    this.snapshot = snapshotOf(await this.store.loadAll());
  }
}
