/**
 * Child process of the HTTP benchmark: `node bench-server.js <app|plain> <databaseUrl>` boots
 * one contestant on a free loopback port, prints `LISTENING <port>` and runs until SIGTERM.
 * Each contestant gets a process (and event loop) of its own, like in production, and the
 * load generator cannot slow it down by sharing its event loop.
 */
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlainOrdersModule } from './plain-orders.module.js';

/** What the benchmark needs of the reference app's compiled modules. */
interface ReferenceApp {
  AppModule: { forRoot(options: { config: object }): DynamicModule };
  loadAppConfig(env: Record<string, string>): object;
}

async function loadReferenceApp(): Promise<ReferenceApp> {
  // The app is compiled by `npm run build` to apps/reference/dist (this file runs from bench/dist/http).
  const dist = new URL('../../../apps/reference/dist/', import.meta.url);
  const [{ AppModule }, { loadAppConfig }] = await Promise.all([
    import(new URL('app.module.js', dist).href),
    import(new URL('config/app-config.js', dist).href),
  ]);
  return { AppModule, loadAppConfig } as ReferenceApp;
}

async function boot(variant: string, databaseUrl: string): Promise<INestApplication> {
  const logger: ['error', 'warn'] = ['error', 'warn'];
  if (variant === 'plain')
    return NestFactory.create(PlainOrdersModule.forRoot(databaseUrl), { logger });
  const { AppModule, loadAppConfig } = await loadReferenceApp();
  const config = { ...loadAppConfig({}), databaseUrl };
  return NestFactory.create(AppModule.forRoot({ config }), { logger });
}

const [variant = 'app', databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: bench-server <app|plain> <databaseUrl>');
const app = await boot(variant, databaseUrl);
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
console.log(`LISTENING ${address.port}`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
