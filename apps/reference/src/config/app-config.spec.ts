import { describe, expect, it } from '@jest/globals';
import {
  DEVELOPMENT_JWT_SECRET,
  AppConfigError,
  DEFAULT_EMBEDDED_POSTGRES_DIR,
  describeTenant,
  loadAppConfig,
  redactDatabaseUrl,
} from './app-config.js';

describe('loadAppConfig', () => {
  it('defaults to port 3000, embedded PostgreSQL under .data/postgres and the Postgres read store', () => {
    expect(loadAppConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      embeddedPostgresDir: DEFAULT_EMBEDDED_POSTGRES_DIR,
      mongoUrl: undefined,
      readModelStore: 'postgres',
      readModelWaitMs: 5000,
      amqpUrl: undefined,
      amqpExchange: 'orders.integration',
      amqpQueue: 'orders.notifications',
      jwtSecret: DEVELOPMENT_JWT_SECRET,
      jwtIssuer: undefined,
      tenants: [
        { id: 'acme', isolation: 'shared' },
        { id: 'globex', isolation: 'shared' },
      ],
      orderCancellationRollout: 100,
      redisUrl: undefined,
      orderCacheTtlMs: 1000,
      paymentTimeoutMs: 900_000,
      orderFulfilment: true,
      tracesExporter: 'none',
      otlpTracesUrl: undefined,
      logLevel: 'info',
      streamBufferLimit: 1000,
      streamHeartbeatMs: 15_000,
    });
    expect(DEFAULT_EMBEDDED_POSTGRES_DIR).toMatch(/[\\/]\.data[\\/]postgres$/);
    expect(DEFAULT_EMBEDDED_POSTGRES_DIR).not.toMatch(/apps[\\/]reference/);
  });

  it('reads every variable, treating blank ones as unset', () => {
    expect(
      loadAppConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://app@db:5432/orders',
        EMBEDDED_POSTGRES_DIR: '/tmp/pg',
        READ_MODEL_STORE: 'memory',
        READ_MODEL_WAIT_MS: ' 250 ',
        AMQP_URL: 'amqp://guest:guest@rabbit:5672',
        AMQP_EXCHANGE: 'shop.events',
        AMQP_QUEUE: 'shop.notifications',
        JWT_SECRET: 'a-production-secret-of-32-characters!',
        JWT_ISSUER: 'https://issuer.example',
        TENANTS: 'shop-1, shop-2',
        ORDER_CANCELLATION_ROLLOUT: '25',
        REDIS_URL: 'redis://cache:6379/2',
        ORDER_CACHE_TTL_MS: '5000',
        PAYMENT_TIMEOUT_MS: '60000',
        ORDER_FULFILMENT: 'off',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        LOG_LEVEL: 'warn',
        STREAM_BUFFER_LIMIT: '20',
        STREAM_HEARTBEAT_MS: '500',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'postgres://app@db:5432/orders',
      embeddedPostgresDir: '/tmp/pg',
      mongoUrl: undefined,
      readModelStore: 'memory',
      readModelWaitMs: 250,
      amqpUrl: 'amqp://guest:guest@rabbit:5672',
      amqpExchange: 'shop.events',
      amqpQueue: 'shop.notifications',
      jwtSecret: 'a-production-secret-of-32-characters!',
      jwtIssuer: 'https://issuer.example',
      tenants: [
        { id: 'shop-1', isolation: 'shared' },
        { id: 'shop-2', isolation: 'shared' },
      ],
      orderCancellationRollout: 25,
      redisUrl: 'redis://cache:6379/2',
      orderCacheTtlMs: 5000,
      paymentTimeoutMs: 60_000,
      orderFulfilment: false,
      tracesExporter: 'otlp',
      otlpTracesUrl: 'http://collector:4318/v1/traces',
      logLevel: 'warn',
      streamBufferLimit: 20,
      streamHeartbeatMs: 500,
    });
    expect(loadAppConfig({ DATABASE_URL: '  ', PORT: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it('lists every invalid variable in one error', () => {
    const read = () =>
      loadAppConfig({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        READ_MODEL_STORE: 'mongo',
        READ_MODEL_WAIT_MS: '1.5',
        MONGO_URL: 'http://mongo',
        AMQP_URL: 'http://rabbit',
        AMQP_QUEUE: 'bad queue name',
        ORDER_CANCELLATION_ROLLOUT: '101',
        REDIS_URL: 'http://cache',
        PAYMENT_TIMEOUT_MS: '5',
        ORDER_FULFILMENT: 'maybe',
        OTEL_TRACES_EXPORTER: 'jaeger',
        LOG_LEVEL: 'loud',
      });
    expect(read).toThrow(AppConfigError);
    try {
      read();
    } catch (error) {
      expect((error as AppConfigError).problems).toHaveLength(12);
      expect((error as AppConfigError).message).toContain(
        'PORT must be an integer from 0 to 65535',
      );
      expect((error as AppConfigError).message).toContain(
        'AMQP_URL must be an amqp:// or amqps:// URL',
      );
      expect((error as AppConfigError).message).toContain(
        'REDIS_URL must be a redis:// or rediss:// URL',
      );
    }
  });
});

describe('loadAppConfig: read models on MongoDB', () => {
  it('uses MongoDB when MONGO_URL is set, unless READ_MODEL_STORE says otherwise', () => {
    const url = 'mongodb://127.0.0.1:27017/orders';
    expect(loadAppConfig({ MONGO_URL: url })).toMatchObject({
      mongoUrl: url,
      readModelStore: 'mongo',
    });
    expect(loadAppConfig({ MONGO_URL: url, READ_MODEL_STORE: 'postgres' })).toMatchObject({
      readModelStore: 'postgres',
    });
  });

  it('refuses READ_MODEL_STORE=mongo without MONGO_URL, and an unknown store', () => {
    expect(() => loadAppConfig({ READ_MODEL_STORE: 'mongo' })).toThrow(
      'READ_MODEL_STORE=mongo needs MONGO_URL',
    );
    expect(() => loadAppConfig({ READ_MODEL_STORE: 'redis' })).toThrow(
      'READ_MODEL_STORE must be "postgres", "mongo" or "memory"',
    );
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://user:secret@db:5432/app')).toBe(
      'postgres://user:***@db:5432/app',
    );
    expect(redactDatabaseUrl('postgres://user@db/app')).toBe('postgres://user@db/app');
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });

  it('verifies with a JWKS instead of the secret when JWKS_URI is set', () => {
    const oidc = loadAppConfig({
      NODE_ENV: 'production',
      JWKS_URI: 'https://idp.example/realms/orders/protocol/openid-connect/certs',
      JWT_ISSUER: 'https://idp.example/realms/orders',
      JWT_AUDIENCE: 'orders-api',
    });
    expect(oidc).toMatchObject({
      jwksUri: 'https://idp.example/realms/orders/protocol/openid-connect/certs',
      jwtIssuer: 'https://idp.example/realms/orders',
      jwtAudience: 'orders-api',
    });
    expect(() => loadAppConfig({ JWKS_URI: 'file:///etc/keys.json' })).toThrow(
      /JWKS_URI must be an http/,
    );
  });

  it('requires a real JWT secret in production, registers no tenants there, and rejects bad tenant ids', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadAppConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadAppConfig({ TENANTS: 'acme,Bad_Id' })).toThrow(
      /TENANTS must list tenant ids.*Bad_Id/,
    );
    const production = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-characters!',
    });
    expect(production.tenants).toEqual([]);
    expect(loadAppConfig({ TENANTS: 'none' }).tenants).toEqual([]);
  });

  it('reads an optional isolation tier per tenant (default shared) and rejects unknown tiers', () => {
    expect(
      loadAppConfig({ TENANTS: 'acme, globex:shared,initech:schema , umbrella : database' })
        .tenants,
    ).toEqual([
      { id: 'acme', isolation: 'shared' },
      { id: 'globex', isolation: 'shared' },
      { id: 'initech', isolation: 'schema' },
      { id: 'umbrella', isolation: 'database' },
    ]);
    const read = () =>
      loadAppConfig({ TENANTS: 'acme:cluster,globex:,initech:schema:x,Bad:schema' });
    expect(read).toThrow(AppConfigError);
    expect(read).toThrow(
      'TENANTS tiers must be "shared", "schema" or "database" (<id> or <id>:<tier>), got "acme:cluster", "globex:", "initech:schema:x"',
    );
    expect(read).toThrow('TENANTS must list tenant ids (a-z, 0-9, "-"), got "Bad:schema"');
    expect(() => loadAppConfig({ TENANTS: 'acme,acme:schema' })).toThrow(
      'TENANTS must list each tenant once, got "acme:schema"',
    );
  });

  it('describes tenants for the banner: the id, and the tier unless shared', () => {
    expect(describeTenant({ id: 'acme', isolation: 'shared' })).toBe('acme');
    expect(describeTenant({ id: 'initech', isolation: 'schema' })).toBe('initech (schema)');
  });
});
