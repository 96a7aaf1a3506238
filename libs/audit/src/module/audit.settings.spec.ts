import { describe, expect, it } from '@jest/globals';
import { isAuditConfigurationError } from '../chain/audit-configuration.error.js';
import type { AuditModuleOptions } from './audit-module.options.js';
import { AuditSettings } from './audit.settings.js';

function refusal(options: Partial<AuditModuleOptions>): string {
  try {
    AuditSettings.from(options as AuditModuleOptions);
  } catch (error) {
    if (isAuditConfigurationError(error)) return error.message;
    throw error;
  }
  throw new Error('expected an AuditConfigurationError');
}

describe('AuditSettings', () => {
  it('applies the defaults and computes the retention cutoff', () => {
    const settings = AuditSettings.from({ store: 'memory', retention: { days: 30 } });
    expect(settings.queries).toBe('sensitive');
    expect(settings.redact).toEqual([]);
    expect(settings.retention).toEqual({ days: 30, sweepIntervalMs: 3_600_000 });
    expect(settings.retentionCutoff(new Date('2025-07-01T00:00:00Z'))).toEqual(
      new Date('2025-06-01T00:00:00Z'),
    );
    expect(AuditSettings.from({ store: 'memory' }).retentionCutoff(new Date())).toBeUndefined();
  });

  it('refuses invalid options, naming the option', () => {
    expect(refusal({})).toContain("'store'");
    expect(refusal({ store: 'memory', queries: 'some' as never })).toContain("'queries'");
    expect(refusal({ store: 'memory', redact: ['payment..number'] })).toContain("'redact'");
    expect(refusal({ store: 'memory', retention: { days: 0 } })).toContain('retention.days');
    expect(refusal({ store: 'memory', retention: { days: 1, sweepIntervalMs: -5 } })).toContain(
      'sweepIntervalMs',
    );
  });
});
