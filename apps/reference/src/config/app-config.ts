import { fileURLToPath } from 'node:url';
import type { TenantIsolation } from '@cqrs-ddd/multitenancy';
import type { ReadModelStoreDriver } from '@cqrs-ddd/projections';

/** A tenant of `TENANTS`: its id and isolation tier. */
export interface AppTenant {
  readonly id: string;
  /**
   * `shared` (shared tables under row-level security), `schema` (a PostgreSQL schema of its own,
   * `tenant_<id>`) or `database` (a database of its own on the same server, `tenant_<id>`).
   */
  readonly isolation: TenantIsolation;
}

/** The reference app's settings, read from environment variables by {@link loadAppConfig}. */
export interface AppConfig {
  /** `PORT`: HTTP port (`0` picks a free one). @default 3000 */
  readonly port: number;
  /**
   * `DATABASE_URL`: PostgreSQL of the event store, checkpoints and the Postgres read store.
   * @default undefined (start embedded PostgreSQL with data in {@link embeddedPostgresDir})
   */
  readonly databaseUrl?: string;
  /**
   * `EMBEDDED_POSTGRES_DIR`: data directory of the embedded PostgreSQL, kept between runs.
   * @default '<repository>/.data/postgres'
   */
  readonly embeddedPostgresDir: string;
  /**
   * `MONGO_URL`: MongoDB of the read models (`mongodb://` or `mongodb+srv://` URL, database in
   * its path). @default undefined (read models in PostgreSQL)
   */
  readonly mongoUrl?: string;
  /**
   * `READ_MODEL_STORE`: where read models and their checkpoints live: `postgres`, `mongo`
   * (needs `MONGO_URL`) or `memory`. @default 'mongo' when `MONGO_URL` is set, else 'postgres'
   */
  readonly readModelStore: ReadModelStoreDriver;
  /**
   * `READ_MODEL_WAIT_MS`: longest a read with `minVersion` waits for the read model.
   * @default 5000
   */
  readonly readModelWaitMs: number;
  /**
   * `AMQP_URL`: RabbitMQ (`amqp://` or `amqps://`). When set, `order.confirmed` and
   * `order.cancelled` are published through the outbox and consumed back through the inbox
   * (notifications). @default undefined (no messaging)
   */
  readonly amqpUrl?: string;
  /**
   * `AMQP_EXCHANGE`: topic exchange the integration events are published to.
   * @default 'orders.integration'
   */
  readonly amqpExchange: string;
  /**
   * `AMQP_QUEUE`: queue of the notifications consumer (its dead letters go to `<queue>.dlq`).
   * @default 'orders.notifications'
   */
  readonly amqpQueue: string;
  /**
   * `JWT_SECRET`: HS256 secret of bearer tokens (at least 32 characters), used when `JWKS_URI`
   * is not set. Required when `NODE_ENV=production` without `JWKS_URI`.
   * @default {@link DEVELOPMENT_JWT_SECRET}
   */
  readonly jwtSecret: string;
  /**
   * `JWKS_URI`: JSON Web Key Set of an OIDC provider (e.g. Keycloak's
   * `<realm>/protocol/openid-connect/certs`); when set, bearer tokens are verified with its
   * asymmetric keys (RS*, ES*, PS*) instead of `JWT_SECRET`. @default undefined
   */
  readonly jwksUri?: string;
  /** `JWT_ISSUER`: required `iss` of bearer tokens. @default undefined (not checked) */
  readonly jwtIssuer?: string;
  /** `JWT_AUDIENCE`: required `aud` of bearer tokens. @default undefined (not checked) */
  readonly jwtAudience?: string;
  /**
   * `TENANTS`: comma-separated tenants registered at start-up when missing, each `<id>` (shared
   * tables) or `<id>:<tier>` with tier `shared`, `schema` or `database` (provisioned: schema or
   * database created); `none` registers none. A tenant's tier is fixed once it is registered.
   * @default 'acme,globex' ('none' when NODE_ENV=production)
   */
  readonly tenants: readonly AppTenant[];
  /**
   * `ORDER_CANCELLATION_ROLLOUT`: percentage of tenants (0-100, sticky per tenant) for which the
   * `order-cancellation` feature flag is on when the app first seeds it; afterwards the flag is
   * changed through `/feature-flags`. @default 100
   */
  readonly orderCancellationRollout: number;
  /**
   * `REDIS_URL`: Redis of the order read cache (shared by every instance); unset, the cache is
   * in this process's memory. @default undefined
   */
  readonly redisUrl?: string;
  /**
   * `ORDER_CACHE_TTL_MS`: how long an order read stays cached (a read with `minVersion` newer
   * than the cached version bypasses it). @default 1000
   */
  readonly orderCacheTtlMs: number;
  /**
   * `PAYMENT_TIMEOUT_MS`: how long the fulfilment saga waits for a payment to be captured before
   * it compensates (releases the stock and cancels the order). @default 900000 (15 minutes)
   */
  readonly paymentTimeoutMs: number;
  /**
   * `ORDER_FULFILMENT`: `on` runs the order fulfilment saga (and the scheduler's worker) in this
   * instance; `off` leaves confirmed orders waiting for an instance that runs it (the saga
   * resumes from its checkpoint). @default 'on'
   */
  readonly orderFulfilment: boolean;
  /**
   * `OTEL_TRACES_EXPORTER`: where OpenTelemetry spans go: `otlp` (OTLP over HTTP to
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, default `http://localhost:4318/v1/traces`), `console`,
   * or `none` (tracing off). @default 'otlp' when an `OTEL_EXPORTER_OTLP_*ENDPOINT` is set, else 'none'
   */
  readonly tracesExporter: 'otlp' | 'console' | 'none';
  /** `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`). */
  readonly otlpTracesUrl?: string;
  /**
   * `LOG_LEVEL`: pino level of the JSON logs (`trace`, `debug`, `info`, `warn`, `error`,
   * `fatal`, `silent`). @default 'info'
   */
  readonly logLevel: string;
  /**
   * `STREAM_BUFFER_LIMIT`: events buffered per streaming client (SSE, WebSocket, GraphQL
   * subscription) before it is disconnected as too slow (it can resume from its last event id).
   * @default 1000
   */
  readonly streamBufferLimit: number;
  /** `STREAM_HEARTBEAT_MS`: interval of SSE heartbeat comments and WebSocket pings. @default 15000 */
  readonly streamHeartbeatMs: number;
}

/** Development secret of bearer tokens (`npm run token` signs with it); never for production. */
export const DEVELOPMENT_JWT_SECRET = 'cqrs-ddd-reference-development-secret-do-not-use';

/** Invalid environment variables, all listed at once so one fix-and-restart suffices. */
export class AppConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AppConfigError';
  }
}

/** `<repository>/.data/postgres`, from this file's place in `apps/reference/{src,dist}/config`. */
export const DEFAULT_EMBEDDED_POSTGRES_DIR = fileURLToPath(
  new URL('../../../../.data/postgres', import.meta.url),
);

/**
 * Reads the configuration from `env`; blank values count as unset.
 * @throws AppConfigError listing every invalid variable
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = value(name);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (/^\d+$/.test(text) && parsed >= min && parsed <= max) return parsed;
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
    return fallback;
  };

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const mongoUrl = value('MONGO_URL');
  if (mongoUrl !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUrl)) {
    problems.push('MONGO_URL must be a mongodb:// or mongodb+srv:// URL');
  }
  const readModelStore = value('READ_MODEL_STORE') ?? (mongoUrl ? 'mongo' : 'postgres');
  if (!['postgres', 'mongo', 'memory'].includes(readModelStore)) {
    problems.push(
      `READ_MODEL_STORE must be "postgres", "mongo" or "memory", got "${readModelStore}"`,
    );
  } else if (readModelStore === 'mongo' && mongoUrl === undefined) {
    problems.push('READ_MODEL_STORE=mongo needs MONGO_URL');
  }
  const amqpUrl = value('AMQP_URL');
  if (amqpUrl !== undefined && !/^amqps?:\/\//.test(amqpUrl)) {
    problems.push('AMQP_URL must be an amqp:// or amqps:// URL');
  }
  const redisUrl = value('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  const jwksUri = value('JWKS_URI');
  if (jwksUri !== undefined && !/^https?:\/\//.test(jwksUri)) {
    problems.push('JWKS_URI must be an http:// or https:// URL');
  }
  const name = (variable: string, fallback: string): string => {
    const text = value(variable) ?? fallback;
    if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(text)) return text;
    problems.push(`${variable} must be 1-200 letters, digits, ".", "_", ":" or "-", got "${text}"`);
    return fallback;
  };
  const otlpEndpoint = value('OTEL_EXPORTER_OTLP_ENDPOINT');
  const otlpTracesUrl =
    value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    (otlpEndpoint ? `${otlpEndpoint.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (otlpTracesUrl !== undefined && !/^https?:\/\//.test(otlpTracesUrl)) {
    problems.push('OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT must be an http:// or https:// URL');
  }
  const tracesExporter = value('OTEL_TRACES_EXPORTER') ?? (otlpTracesUrl ? 'otlp' : 'none');
  if (!['otlp', 'console', 'none'].includes(tracesExporter)) {
    problems.push(
      `OTEL_TRACES_EXPORTER must be "otlp", "console" or "none", got "${tracesExporter}"`,
    );
  }
  const logLevel = value('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65_535),
    databaseUrl,
    embeddedPostgresDir: value('EMBEDDED_POSTGRES_DIR') ?? DEFAULT_EMBEDDED_POSTGRES_DIR,
    mongoUrl,
    readModelStore: readModelStore as ReadModelStoreDriver,
    readModelWaitMs: integer('READ_MODEL_WAIT_MS', 5000, 0, 60_000),
    amqpUrl,
    amqpExchange: name('AMQP_EXCHANGE', 'orders.integration'),
    amqpQueue: name('AMQP_QUEUE', 'orders.notifications'),
    jwtSecret: jwtSecret(
      value('JWT_SECRET'),
      env.NODE_ENV === 'production' && jwksUri === undefined,
      problems,
    ),
    jwksUri,
    jwtIssuer: value('JWT_ISSUER'),
    jwtAudience: value('JWT_AUDIENCE'),
    tenants: tenantList(value('TENANTS'), env.NODE_ENV === 'production', problems),
    orderCancellationRollout: integer('ORDER_CANCELLATION_ROLLOUT', 100, 0, 100),
    redisUrl,
    orderCacheTtlMs: integer('ORDER_CACHE_TTL_MS', 1000, 1, 3_600_000),
    paymentTimeoutMs: integer('PAYMENT_TIMEOUT_MS', 900_000, 100, 86_400_000),
    orderFulfilment: onOff('ORDER_FULFILMENT', value('ORDER_FULFILMENT'), problems),
    tracesExporter: tracesExporter as AppConfig['tracesExporter'],
    otlpTracesUrl,
    logLevel,
    streamBufferLimit: integer('STREAM_BUFFER_LIMIT', 1000, 1, 1_000_000),
    streamHeartbeatMs: integer('STREAM_HEARTBEAT_MS', 15_000, 100, 3_600_000),
  };
  if (problems.length > 0) throw new AppConfigError(problems);
  return config;
}

const LOG_LEVELS: readonly string[] = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
];

function onOff(name: string, text: string | undefined, problems: string[]): boolean {
  if (text === undefined || text === 'on') return true;
  if (text === 'off') return false;
  problems.push(`${name} must be "on" or "off", got "${text}"`);
  return true;
}

function jwtSecret(text: string | undefined, production: boolean, problems: string[]): string {
  if (text === undefined) {
    if (production) {
      problems.push('JWT_SECRET is required when NODE_ENV=production (unless JWKS_URI is set)');
    }
    return DEVELOPMENT_JWT_SECRET;
  }
  if (text.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  return text;
}

const TENANT_TIERS: readonly string[] = ['shared', 'schema', 'database'];

function tenantList(
  text: string | undefined,
  production: boolean,
  problems: string[],
): AppTenant[] {
  const list = text ?? (production ? 'none' : 'acme,globex');
  if (list === 'none') return [];
  const tenants = list.split(',').map((entry) => {
    const [id = '', tier = 'shared', ...rest] = entry.split(':').map((part) => part.trim());
    const valid = rest.length === 0 && TENANT_TIERS.includes(tier);
    return { entry: entry.trim(), id, isolation: valid ? (tier as TenantIsolation) : undefined };
  });
  const report = (bad: typeof tenants, problem: string) => {
    if (bad.length > 0) problems.push(`${problem}, got "${bad.map((t) => t.entry).join('", "')}"`);
  };
  report(
    tenants.filter(({ id }) => !/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)),
    'TENANTS must list tenant ids (a-z, 0-9, "-")',
  );
  report(
    tenants.filter(({ isolation }) => isolation === undefined),
    'TENANTS tiers must be "shared", "schema" or "database" (<id> or <id>:<tier>)',
  );
  report(
    tenants.filter(({ id }, index) => tenants.findIndex((t) => t.id === id) !== index),
    'TENANTS must list each tenant once',
  );
  return tenants.map(({ id, isolation }) => ({ id, isolation: isolation ?? 'shared' }));
}

/** A tenant for logs: its id, and its tier unless shared (`acme`, `initech (schema)`). */
export function describeTenant({ id, isolation }: AppTenant): string {
  return isolation === 'shared' ? id : `${id} (${isolation})`;
}

/** `url` without its password, for logs and banners. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
