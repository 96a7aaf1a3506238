/**
 * Boots the real reference app (`AppModule`) for an e2e test file: with the configuration
 * `main.ts` reads from the environment, against the PostgreSQL database the jest setup created
 * for the file (`DATABASE_URL`), listening on a free loopback port, so tests talk real HTTP.
 */
import type { INestApplication } from '@nestjs/common';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SharedServerWsAdapter } from '@cqrs-ddd/streaming';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import {
  type DevelopmentTokenClaims,
  signDevelopmentToken,
} from '../../src/auth/development-token.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { connectMessaging } from '../../src/messaging/connect-messaging.js';

/** A running app and helpers to call it. */
export interface E2eApp {
  readonly app: INestApplication;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /**
   * A supertest agent on {@link url} that sends the default user's bearer token: tenant
   * {@link E2E_TENANT}, every order role.
   */
  http(): ReturnType<typeof request.agent>;
  /** A supertest agent on {@link url} without any token. */
  anonymous(): ReturnType<typeof request>;
  /** A supertest agent on {@link url} sending a token with `claims` (see {@link E2E_ROLES}). */
  as(claims: DevelopmentTokenClaims): Promise<ReturnType<typeof request.agent>>;
  /** A development token with `claims`, signed with the app's secret. */
  token(claims: DevelopmentTokenClaims): Promise<string>;
  close(): Promise<void>;
}

/** Tenant of the default e2e user (registered by the app's `TENANTS` default). */
export const E2E_TENANT = 'acme';
/** Roles of the default e2e user. */
export const E2E_ROLES = ['order:reader', 'order:writer', 'order:approver'] as const;

/** Test-only overrides of {@link startApp}. */
export interface E2eAppOptions {
  /** Trace into this exporter (e.g. an `InMemorySpanExporter`), spans exported one by one. */
  readonly spanExporter?: SpanExporter;
}

/**
 * Starts the app on the test file's PostgreSQL database; `close()` shuts it down (projections,
 * pools) gracefully. Read models are in PostgreSQL unless `env` says otherwise (the test
 * environment's MONGO_URL, meant for Mongo tests, is ignored); messaging is off unless `env`
 * sets AMQP_URL (then the notifications consumer runs too); the order fulfilment saga is off
 * unless `env` sets ORDER_FULFILMENT=on (else it would ship confirmed orders mid-test).
 */
export async function startApp(
  env: NodeJS.ProcessEnv = {},
  options: E2eAppOptions = {},
): Promise<E2eApp> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run through the e2e jest project.');
  const config = {
    ...loadAppConfig({
      ...process.env,
      MONGO_URL: '',
      AMQP_URL: '',
      ORDER_FULFILMENT: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    }),
    databaseUrl,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, spanExporter: options.spanExporter })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.useWebSocketAdapter(new SharedServerWsAdapter(app));
  await connectMessaging(app, config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const token = (claims: DevelopmentTokenClaims) => signDevelopmentToken(claims, config.jwtSecret);
  const agent = (bearer: string) => request.agent(url).set('Authorization', `Bearer ${bearer}`);
  const defaultToken = await token({ sub: 'e2e-user', tenant: E2E_TENANT, roles: E2E_ROLES });
  return {
    app,
    url,
    http: () => agent(defaultToken),
    anonymous: () => request(url),
    as: async (claims) => agent(await token(claims)),
    token,
    close: () => app.close(),
  };
}

/** The test environment's MONGO_URL (a real server or the stand-in) with `database` as its database. */
export function mongoUrlWithDatabase(database: string): string {
  const base = process.env.MONGO_URL;
  if (!base)
    throw new Error('MONGO_URL is not set: run through the jest projects (they start a stand-in).');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
