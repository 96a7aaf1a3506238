import { describe, expect, it } from '@jest/globals';
import { OTHER_TENANT, tenantLabeler } from './tenant-label.js';

describe('tenantLabeler', () => {
  it('gives no label under "never"', () => {
    expect(tenantLabeler('never')).toBeUndefined();
  });

  it('labels every tenant under "always", and work without tenant as ""', () => {
    const label = tenantLabeler('always')!;
    expect(label('acme')).toBe('acme');
    expect(label(undefined)).toBe('');
  });

  it('labels allow-listed tenants by id and the others as "other"', () => {
    const label = tenantLabeler({ tenants: ['acme', 'globex'] })!;
    expect(label('acme')).toBe('acme');
    expect(label('globex')).toBe('globex');
    expect(label('initech')).toBe(OTHER_TENANT);
    expect(label(undefined)).toBe('');
  });
});
