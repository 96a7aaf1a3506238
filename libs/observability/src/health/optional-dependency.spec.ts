import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { importOptional, registeredProvider } from './optional-dependency.js';

@Injectable()
class Registered {}

@Injectable()
class NotRegistered {}

@Module({ providers: [Registered, { provide: 'token', useValue: 42 }] })
class OtherModule {}

describe('optional dependencies', () => {
  it('loads an installed package, and resolves undefined for a missing one', async () => {
    await expect(importOptional<typeof import('pino')>('pino')).resolves.toHaveProperty('pino');
    await expect(importOptional('cqrs-ddd-package-that-is-not-installed')).resolves.toBeUndefined();
  });

  it("finds a provider of any module of the app, or undefined when it isn't registered", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [OtherModule] }).compile();
    const root = moduleRef.get(ModuleRef);
    expect(registeredProvider(root, Registered)).toBeInstanceOf(Registered);
    expect(registeredProvider(root, 'token')).toBe(42);
    expect(registeredProvider(root, NotRegistered)).toBeUndefined();
    expect(registeredProvider(root, Symbol('unknown'))).toBeUndefined();
    await moduleRef.close();
  });
});
