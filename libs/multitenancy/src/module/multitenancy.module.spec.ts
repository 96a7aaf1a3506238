import { CqrsDddModule, CqrsPipeline, PipelineStepOrder } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TenantContext } from '../context/tenant-context.service.js';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { TenancyStep } from '../pipeline/tenancy.step.js';
import { CachedTenantRegistry } from '../registry/cached-tenant.registry.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import { TenantResolutionService } from '../resolution/tenant-resolution.service.js';
import { TenantGuard } from '../resolution/tenant.guard.js';
import { NoTenantSessionBinder, TenantSessionBinder } from '../session/tenant-session.binder.js';
import type { MultitenancyModuleOptions } from './multitenancy-module.options.js';
import {
  MULTITENANCY_MODULE_OPTIONS,
  type MultitenancyOptionsFactory,
} from './multitenancy.module-definition.js';
import { MultitenancyModule } from './multitenancy.module.js';
import { MULTITENANCY_SETTINGS, type MultitenancySettings } from './multitenancy.settings.js';

const acme = { id: 'acme', name: 'Acme', isolation: 'shared' } as const;

@Injectable()
class Consumer {
  constructor(readonly tenants: TenantContext) {}
}
@Module({ providers: [Consumer] })
class FeatureModule {}

async function boot(root: DynamicModule, ...imports: Array<DynamicModule | typeof FeatureModule>) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsDddModule.forRoot({ context: { http: false }, pipeline: { logging: false } }),
      root,
      ...imports,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function closing<T>(moduleRef: TestingModule, check: (m: TestingModule) => Promise<T> | T) {
  try {
    return await check(moduleRef);
  } finally {
    await moduleRef.close();
  }
}

class CustomBinder extends NoTenantSessionBinder {}

@Injectable()
class OptionsFactory implements MultitenancyOptionsFactory {
  readonly registry = new InMemoryTenantRegistry({ tenants: [acme] });
  createMultitenancyOptions(): MultitenancyModuleOptions {
    return { registry: this.registry, registryCacheTtlMs: 0, guard: false };
  }
}
@Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
class OptionsModule {}

describe('MultitenancyModule', () => {
  it('forRoot(): memory registry with the seeded tenants, no-op binder, global providers, the step in the pipeline', async () => {
    await closing(
      await boot(MultitenancyModule.forRoot({ tenants: [acme] }), FeatureModule),
      async (moduleRef) => {
        const registry = moduleRef.get(TenantRegistry);
        expect(registry).toBeInstanceOf(InMemoryTenantRegistry);
        await expect(registry.find('acme')).resolves.toMatchObject({
          id: 'acme',
          status: 'active',
        });
        expect(moduleRef.get(TenantSessionBinder)).toBeInstanceOf(NoTenantSessionBinder);
        expect(moduleRef.get(Consumer).tenants).toBe(moduleRef.get(TenantContext));
        for (const token of [TenantResolutionService, TenantGuard, TenancyStep]) {
          expect(moduleRef.get(token)).toBeInstanceOf(token);
        }
        const steps = moduleRef.get(CqrsPipeline).describe();
        expect(steps).toContainEqual({
          name: 'tenancy',
          order: PipelineStepOrder.TENANCY,
          appliesTo: 'both',
        });
        const settings = moduleRef.get<MultitenancySettings>(MULTITENANCY_SETTINGS);
        expect(settings).toMatchObject({
          required: true,
          registry: 'memory',
          registryCacheTtlMs: 5000,
          platformAdminRole: 'platform-admin',
          trustProxy: false,
          trustUnauthenticatedSources: false,
          guard: true,
        });
        expect(settings.resolvers.map((r) => r.description)).toEqual([
          'claim tenant',
          'header x-tenant-id',
        ]);
      },
    );
  });

  it('forRootAsync with useFactory: a custom registry is cached and seeded only where missing', async () => {
    const custom = new InMemoryTenantRegistry({ tenants: [{ ...acme, name: 'Acme (kept)' }] });
    const binder = new CustomBinder();
    await closing(
      await boot(
        MultitenancyModule.forRootAsync({
          useFactory: () => ({
            registry: custom,
            sessionBinder: binder,
            tenants: [acme, { id: 'globex', name: 'Globex', isolation: 'shared' }],
          }),
        }),
      ),
      async (moduleRef) => {
        expect(moduleRef.get(TenantRegistry)).toBeInstanceOf(CachedTenantRegistry);
        expect(moduleRef.get(TenantSessionBinder)).toBe(binder);
        const listed = await custom.list();
        expect(listed.map((t) => [t.id, t.name])).toEqual([
          ['acme', 'Acme (kept)'],
          ['globex', 'Globex'],
        ]);
      },
    );
  });

  it('forRootAsync with useClass and useExisting; registryCacheTtlMs 0 keeps the registry as given', async () => {
    await closing(
      await boot(MultitenancyModule.forRootAsync({ useClass: OptionsFactory })),
      (m) => {
        expect(m.get(TenantRegistry)).toBe(m.get(OptionsFactory).registry);
        expect(m.get<MultitenancySettings>(MULTITENANCY_SETTINGS).guard).toBe(false);
      },
    );
    await closing(
      await boot(
        MultitenancyModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
      ),
      (m) => {
        expect(m.get(TenantRegistry)).toBe(m.get(OptionsFactory).registry);
        expect(m.get(MULTITENANCY_MODULE_OPTIONS)).toMatchObject({ registryCacheTtlMs: 0 });
      },
    );
  });

  it("works as one of CqrsDddModule's `modules`", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({
          context: { http: false },
          modules: [MultitenancyModule.forRoot({ tenants: [acme] })],
        }),
        FeatureModule,
      ],
    }).compile();
    await moduleRef.init();
    await closing(moduleRef, async (m) => {
      expect(
        m
          .get(CqrsPipeline)
          .describe()
          .map((step) => step.name),
      ).toContain('tenancy');
      await expect(m.get(Consumer).tenants.run('acme', () => 'ran')).resolves.toBe('ran');
    });
  });

  it('isGlobal: false keeps the providers to importers', async () => {
    await expect(
      boot(MultitenancyModule.forRoot({ isGlobal: false }), FeatureModule),
    ).rejects.toThrow(/TenantContext/);
  });

  it("refuses registry 'postgres' without the app's MikroORM, and invalid options", async () => {
    await expect(boot(MultitenancyModule.forRoot({ registry: 'postgres' }))).rejects.toThrow(
      expect.objectContaining({
        code: 'MULTITENANCY_CONFIGURATION',
        message: expect.stringContaining('MikroOrmModule'),
      }),
    );
    const invalid: MultitenancyModuleOptions[] = [
      { registry: 'redis' as never },
      { registryCacheTtlMs: -1 },
      { resolvers: ['x-tenant-id' as never] },
      { platformAdminRole: '' },
    ];
    for (const options of invalid) {
      await expect(boot(MultitenancyModule.forRoot(options))).rejects.toBeInstanceOf(
        MultitenancyConfigurationError,
      );
    }
  });

  it('refuses schema and database tenants without MikroORM, and registers none of them', async () => {
    for (const isolation of ['schema', 'database'] as const) {
      const registry = new InMemoryTenantRegistry();
      await expect(
        boot(
          MultitenancyModule.forRoot({
            registry,
            tenants: [acme, { id: 'initech', name: 'Initech', isolation }],
          }),
        ),
      ).rejects.toThrow(
        expect.objectContaining({
          code: 'MULTITENANCY_CONFIGURATION',
          message: expect.stringContaining('initech'),
        }),
      );
      expect((await registry.list()).map((tenant) => tenant.id)).toEqual(['acme']);
    }
  });
});
