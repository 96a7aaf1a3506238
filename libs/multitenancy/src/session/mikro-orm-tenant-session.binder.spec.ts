import { describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/core';
import { MikroOrmTenantSessionBinder } from './mikro-orm-tenant-session.binder.js';

describe('MikroOrmTenantSessionBinder options', () => {
  const orm = (rls: boolean) =>
    ({ em: { getPlatform: () => ({ supportsRowLevelSecurity: () => rls }) } }) as MikroORM;

  it('rejects invalid names and databases without row-level security', () => {
    for (const options of [{ role: 'A' }, { setting: 'tenant' }]) {
      expect(() => new MikroOrmTenantSessionBinder(orm(true), options)).toThrow(
        expect.objectContaining({ code: 'MULTITENANCY_CONFIGURATION' }),
      );
    }
    expect(() => new MikroOrmTenantSessionBinder(orm(false))).toThrow(/PostgreSQL/);
    expect(new MikroOrmTenantSessionBinder(orm(true), { role: false })).toBeInstanceOf(
      MikroOrmTenantSessionBinder,
    );
  });
});
