import { describe, expect, it } from '@jest/globals';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { HttpPolicyDecisionPoint } from '../pdp/http-policy-decision-point.js';
import { PolicyDecisionPoint } from '../pdp/policy-decision-point.port.js';
import type { AccessControlModuleOptions } from './access-control-module.options.js';
import { AccessControlSettings } from './access-control.settings.js';

const rbac = { roles: { reader: ['order:read'] } };

class AllowAll extends PolicyDecisionPoint {
  async decide() {
    return { allowed: true };
  }
}

describe('AccessControlSettings.from', () => {
  it("defaults to 'deny' for undeclared messages and to no PDP", () => {
    const settings = AccessControlSettings.from({ rbac });
    expect(settings.defaultDecision).toBe('deny');
    expect(settings.pdp).toBeUndefined();
    expect(AccessControlSettings.from({ rbac, defaultDecision: 'allow' }).defaultDecision).toBe(
      'allow',
    );
  });

  it('builds the HTTP PDP for every action by default, or for the given patterns', () => {
    const all = AccessControlSettings.from({ rbac, pdp: { url: 'http://opa:8181/v1/data/x' } });
    expect(all.pdp?.decisionPoint).toBeInstanceOf(HttpPolicyDecisionPoint);
    expect(all.pdp?.actions).toEqual(['*']);
    const some = AccessControlSettings.from({
      rbac,
      pdp: { url: 'http://opa:8181/v1/data/x', actions: ['order:confirm'] },
    });
    expect(some.pdp?.actions).toEqual(['order:confirm']);
  });

  it('uses a PolicyDecisionPoint instance as is, for every action', () => {
    const pdp = new AllowAll();
    expect(AccessControlSettings.from({ rbac, pdp }).pdp).toEqual({
      decisionPoint: pdp,
      actions: ['*'],
    });
  });

  it.each<[string, unknown]>([
    ['missing options', undefined],
    ['a bad defaultDecision', { rbac, defaultDecision: 'maybe' }],
    ['missing rbac', {}],
    ['a bad pdp', { rbac, pdp: 'http://opa' }],
    ['empty pdp actions', { rbac, pdp: { url: 'http://opa', actions: [] } }],
    ['a bad pdp action pattern', { rbac, pdp: { url: 'http://opa', actions: ['*:x'] } }],
    ['a bad pdp url', { rbac, pdp: { url: 'ftp://opa' } }],
  ])('rejects %s', (_label, options) => {
    expect(() => AccessControlSettings.from(options as AccessControlModuleOptions)).toThrow(
      AccessControlConfigurationError,
    );
  });
});
