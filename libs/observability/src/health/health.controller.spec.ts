import { describe, expect, it } from '@jest/globals';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { SetMetadata, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthController, healthControllerAt } from './health.controller.js';
import { ObservabilityHealthModule } from './observability-health.module.js';

const PUBLIC = 'test:public';

describe('ObservabilityHealthModule.register', () => {
  it('serves a controller subclass at the path, with the endpoint decorators on it only', () => {
    const controller = healthControllerAt('probes', [SetMetadata(PUBLIC, true)]);
    expect(Object.getPrototypeOf(controller)).toBe(HealthController);
    expect(Reflect.getMetadata(PATH_METADATA, controller)).toBe('probes');
    expect(Reflect.getMetadata(PUBLIC, controller)).toBe(true);
    expect(Reflect.getOwnMetadata(PUBLIC, HealthController)).toBeUndefined();
    expect(Reflect.getOwnMetadata(PATH_METADATA, HealthController)).toBeUndefined();
    expect(Reflect.getMetadata(PATH_METADATA, healthControllerAt('other', []))).toBe('other');
  });

  it('checks nothing in an app without dependencies: live and ready are ok', async () => {
    const definition = ObservabilityHealthModule.register({}, []);
    const [controller] = definition.controllers as Type<HealthController>[];
    expect(Reflect.getMetadata(PATH_METADATA, controller)).toBe('health');
    const moduleRef = await Test.createTestingModule({ imports: [definition] }).compile();
    await moduleRef.init();
    try {
      const health = moduleRef.get(controller!);
      expect(health.live()).toEqual({ status: 'ok' });
      let status = 200;
      const result = await health.ready({ status: (code: number) => (status = code) });
      expect(status).toBe(200);
      expect(result).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    } finally {
      await moduleRef.close();
    }
  });
});
