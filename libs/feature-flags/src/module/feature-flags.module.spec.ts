import { describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  FeatureFlagProvider,
  type FlagEvaluation,
  InMemoryFeatureFlagProvider,
  isNotFoundError,
} from '@cqrs-ddd/core';
import { rejectionOf } from '@cqrs-ddd/core/testing';
import { Injectable, Module } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import {
  FeatureFlagsAdminController,
  featureFlagsAdminControllerAt,
} from '../admin/feature-flags-admin.controller.js';
import { FeatureFlag } from '../enforcement/feature-flag.decorator.js';
import { isFeatureFlagsConfigurationError } from '../errors/feature-flags-configuration.error.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';
import { FeatureFlagsModule } from './feature-flags.module.js';

@FeatureFlag('imports')
class ImportOrders {}

@CommandHandler(ImportOrders)
class ImportOrdersHandler implements ICommandHandler<ImportOrders> {
  async execute(): Promise<string> {
    return 'imported';
  }
}

/** A provider class with a dependency and a `close()`, as apps write them. */
@Injectable()
class Settings {
  readonly on = ['from-class'];
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class ClassProvider extends FeatureFlagProvider {
  static closed = 0;
  constructor(private readonly settings: Settings) {
    super();
  }
  async evaluate<T extends boolean | string | number>(
    key: string,
    _context: object,
    defaultValue: T,
  ) {
    const on = this.settings.on.includes(key);
    return (
      on ? { value: true, reason: 'static' } : { value: defaultValue, reason: 'unknown-flag' }
    ) as FlagEvaluation<never>;
  }
  async close(): Promise<void> {
    ClassProvider.closed += 1;
  }
}

async function boot(
  module: ReturnType<typeof FeatureFlagsModule.forRoot>,
  providers: unknown[] = [],
) {
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsDddModule.forRoot({ pipeline: { logging: false } }), module],
    providers: [ImportOrdersHandler, ...(providers as [])],
  }).compile();
  return moduleRef.init();
}

describe('FeatureFlagsModule', () => {
  it("serves 'memory' flags through FeatureFlagService and refuses flagged commands on the bus", async () => {
    const app = await boot(
      FeatureFlagsModule.forRoot({
        provider: 'memory',
        flags: [{ key: 'imports', enabled: false, defaultValue: true }],
      }),
    );
    await expect(app.get(FeatureFlagService).isEnabled('imports')).resolves.toBe(false);
    const refused = await rejectionOf(app.get(CommandBus).execute(new ImportOrders()));
    expect(isNotFoundError(refused)).toBe(true);
    await app.close();

    const on = await boot(
      FeatureFlagsModule.forRoot({
        provider: 'memory',
        flags: [{ key: 'imports', enabled: true, defaultValue: true }],
      }),
    );
    await expect(on.get(CommandBus).execute(new ImportOrders())).resolves.toBe('imported');
    await on.close();
  });

  it('instantiates a provider class with dependency injection and closes it on shutdown', async () => {
    const closedBefore = ClassProvider.closed;
    // Created in the module's scope: dependencies come from global modules or `imports`.
    const app = await boot(
      FeatureFlagsModule.forRootAsync({
        imports: [SettingsModule],
        useFactory: () => ({ provider: ClassProvider }),
      }),
    );
    await expect(app.get(FeatureFlagService).isEnabled('from-class')).resolves.toBe(true);
    await app.close();
    expect(ClassProvider.closed).toBe(closedBefore + 1);
  });

  it('serves a given instance (left open: it is the app’s) and takes options from forRootAsync', async () => {
    const instance = new InMemoryFeatureFlagProvider([
      { key: 'async', enabled: true, defaultValue: true },
    ]);
    const app = await boot(
      FeatureFlagsModule.forRootAsync({
        useFactory: async (): Promise<FeatureFlagsModuleOptions> => ({ provider: instance }),
      }),
    );
    expect(app.get(FeatureFlagProvider)).toBe(instance);
    await expect(app.get(FeatureFlagService).isEnabled('async')).resolves.toBe(true);
    await app.close();
  });

  it('fails the start with FeatureFlagsConfigurationError for bad options', async () => {
    const adminWithoutPostgres = await rejectionOf(
      boot(FeatureFlagsModule.forRoot({ provider: 'memory', adminApi: true })),
    );
    expect(isFeatureFlagsConfigurationError(adminWithoutPostgres)).toBe(true);
    const postgresWithoutOrm = await rejectionOf(
      boot(FeatureFlagsModule.forRoot({ provider: 'postgres' })),
    );
    expect(isFeatureFlagsConfigurationError(postgresWithoutOrm)).toBe(true);
    expect((postgresWithoutOrm as Error).message).toContain('MikroOrmModule');
    const undeclaredAdmin = await rejectionOf(
      boot(
        FeatureFlagsModule.forRootAsync({
          useFactory: () => ({ provider: 'postgres' as const, adminApi: true }),
        }),
      ),
    );
    expect((undeclaredAdmin as Error).message).toContain('forRootAsync({ adminApi');
  });

  it('serves the admin controller under the configured path', () => {
    expect(Reflect.getMetadata(PATH_METADATA, FeatureFlagsAdminController)).toBe('feature-flags');
    const moved = featureFlagsAdminControllerAt('admin/flags');
    expect(Reflect.getMetadata(PATH_METADATA, moved)).toBe('admin/flags');
    expect(moved.prototype).toBeInstanceOf(FeatureFlagsAdminController);
    expect(
      FeatureFlagsModule.forRoot({ provider: 'postgres', adminApi: { path: 'admin/flags' } })
        .controllers,
    ).toEqual([expect.any(Function)]);
    expect(FeatureFlagsModule.forRoot({ provider: 'memory' }).controllers).toEqual([]);
  });
});
