import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CqrsDddModule, FeatureFlagProvider, InMemoryFeatureFlagProvider } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm, testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { InMemStorageProvider } from 'unleash-client';
import { FeatureFlagAdminService } from '../admin/feature-flag-admin.service.js';
import { CqrsDddOpenFeatureProvider } from '../openfeature/cqrs-ddd-openfeature.provider.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import { UnleashApiServerFixture } from '../unleash/unleash-api-server.fixture.js';
import { UnleashFeatureFlagProvider } from '../unleash/unleash-feature-flag.provider.js';
import { toUnleashFeature } from '../unleash/unleash-feature.mapping.js';
import { FeatureFlagsModule } from './feature-flags.module.js';

async function boot(
  ...imports: (DynamicModule | Promise<DynamicModule>)[]
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsDddModule.forRoot({ pipeline: { logging: false } }), ...imports],
  }).compile();
  return moduleRef.init();
}

describe('FeatureFlagsModule providers (real backends)', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await createTestOrm();
  });

  afterAll(async () => {
    await OpenFeature.clearProviders();
    await orm?.close();
  });

  const listenConnections = async () => {
    const [row] = await orm.em.getConnection().execute<{ count: string }[]>(
      `SELECT count(*) AS count FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'cqrs-ddd-event-store-listen'`,
    );
    return Number(row!.count);
  };

  it("'postgres': creates and seeds the table, serves it, and closes its LISTEN connection on shutdown", async () => {
    const schema = uniqueName('ffm');
    const app = await boot(
      testMikroOrmModule(),
      FeatureFlagsModule.forRoot({
        provider: 'postgres',
        postgres: { schema },
        flags: [{ key: 'seeded', enabled: true, defaultValue: true }],
      }),
    );
    const flags = app.get(FeatureFlagService);
    await expect(flags.isEnabled('seeded')).resolves.toBe(true);
    await expect(flags.isEnabled('missing')).resolves.toBe(false);
    // Written by code through the admin service, served at once.
    await app
      .get(FeatureFlagAdminService)
      .create({ key: 'later', enabled: true, defaultValue: true }, 'global');
    await expect(flags.isEnabled('later')).resolves.toBe(true);
    expect(await pollUntil(listenConnections, (count) => count === 1, 3_000)).toBe(1);
    await app.close();
    expect(await pollUntil(listenConnections, (count) => count === 0, 3_000)).toBe(0);
  });

  it("'unleash': starts the client, serves its features, and destroys it on shutdown", async () => {
    const server = await UnleashApiServerFixture.start([
      toUnleashFeature({
        key: 'from-unleash',
        enabled: true,
        defaultValue: false,
        rules: [{ tenantIds: ['acme'], value: true }],
      }),
    ]);
    try {
      const app = await boot(
        FeatureFlagsModule.forRoot({
          provider: 'unleash',
          unleash: {
            appName: 'feature-flags-module-int-spec',
            url: server.url,
            disableMetrics: true,
            refreshInterval: 50,
            storageProvider: new InMemStorageProvider(),
          },
        }),
      );
      const flags = app.get(FeatureFlagService);
      await expect(flags.isEnabled('from-unleash', { tenantId: 'acme' })).resolves.toBe(true);
      await expect(flags.isEnabled('from-unleash', { tenantId: 'globex' })).resolves.toBe(false);
      const close = jest.spyOn(app.get(FeatureFlagProvider) as UnleashFeatureFlagProvider, 'close');
      await app.close();
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      await server.close();
    }
  });

  it("'openfeature': evaluates through the domain's client, or the client given", async () => {
    const domain = uniqueName('of');
    await OpenFeature.setProviderAndWait(
      domain,
      new CqrsDddOpenFeatureProvider(
        new InMemoryFeatureFlagProvider([
          {
            key: 'via-openfeature',
            enabled: true,
            defaultValue: false,
            rules: [{ tenantIds: ['acme'], value: true }],
          },
        ]),
      ),
    );
    for (const openfeature of [{ domain }, { client: OpenFeature.getClient(domain) }]) {
      const app = await boot(FeatureFlagsModule.forRoot({ provider: 'openfeature', openfeature }));
      const flags = app.get(FeatureFlagService);
      await expect(flags.isEnabled('via-openfeature', { tenantId: 'acme' })).resolves.toBe(true);
      await expect(flags.isEnabled('via-openfeature', { tenantId: 'globex' })).resolves.toBe(false);
      await expect(flags.isEnabled('missing', { tenantId: 'acme' })).resolves.toBe(false);
      await app.close();
    }
  });
});
