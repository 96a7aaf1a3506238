import { describe, expect, it } from '@jest/globals';
import { Injectable, Scope } from '@nestjs/common';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { accessTestingModule, RecordingOrderLoader } from './access-control-test.fixture.js';
import { ResourceLoader } from './resource-loader.decorator.js';
import { ResourceLoaders } from './resource-loaders.js';

@ResourceLoader('Order')
class SecondOrderLoader {
  async load(): Promise<undefined> {
    return undefined;
  }
}

@ResourceLoader('Customer')
class NoLoadMethod {}

@Injectable({ scope: Scope.REQUEST })
@ResourceLoader('Invoice')
class RequestScopedLoader {
  async load(): Promise<undefined> {
    return undefined;
  }
}

async function startFailure(providers: Parameters<typeof accessTestingModule>[0]) {
  return accessTestingModule(providers).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('ResourceLoaders', () => {
  it('finds the @ResourceLoader providers by type', async () => {
    const { moduleRef } = await accessTestingModule([RecordingOrderLoader]);
    const loaders = moduleRef.get(ResourceLoaders);
    expect(loaders.get('Order')).toBe(moduleRef.get(RecordingOrderLoader));
    expect(loaders.get('Customer')).toBeUndefined();
    await moduleRef.close();
  });

  it('fails the start on two loaders of one type', async () => {
    const error = await startFailure([RecordingOrderLoader, SecondOrderLoader]);
    expect(isAccessControlConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain("two @ResourceLoader('Order') providers");
  });

  it.each([
    ['without load(id)', NoLoadMethod],
    ['request-scoped', RequestScopedLoader],
  ])('fails the start on a loader %s', async (_, loader) => {
    const error = await startFailure([loader]);
    expect(isAccessControlConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(loader.name);
  });
});
