import { type Principal, where } from '@cqrs-ddd/core';
import type { Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AccessDeniedListener } from '../denials/access-denied.listener.js';
import type { AccessControlModuleOptions } from '../module/access-control-module.options.js';
import { AccessControlModule } from '../module/access-control.module.js';
import type { AccessDecision } from '../pep/access-decision.js';
import { approvalLimit } from '../pep/policy-enforcement-point.fixture.js';
import { type AccessRequest, definePolicy } from '../policies/access-policy.js';
import { ResourceLoader, type ResourceAttributesLoader } from './resource-loader.decorator.js';

/** The reference app's roles (DESIGN.md §6) plus an unrestricted auditor. */
export const ORDER_ROLES: AccessControlModuleOptions['rbac']['roles'] = {
  'order:reader': ['order:read'],
  'order:writer': { inherits: ['order:reader'], permissions: ['order:create', 'order:cancel'] },
  'order:approver': { inherits: ['order:reader'], permissions: ['order:confirm'] },
  'order:auditor': ['order:read'],
};

/** Approvers confirm orders up to their `approvalLimit` attribute (the PEP specs' policy). */
export { approvalLimit };

/** Readers see the orders of their `region` attribute only; auditors see all of them. */
export const ownRegion = definePolicy({
  name: 'readers see their region',
  description: 'readers see the orders of their region only',
  actions: ['order:read'],
  resourceType: 'Order',
  condition: ({ principal }) =>
    principal.roles.includes('order:auditor') ||
    where('region').eq(String(principal.attributes?.region)),
});

/** The options of every test: {@link ORDER_ROLES}, {@link approvalLimit}, {@link ownRegion}. */
export const ORDER_ACCESS: AccessControlModuleOptions = {
  rbac: { roles: ORDER_ROLES },
  policies: [approvalLimit, ownRegion],
};

/** A principal with `roles` and `attributes`. */
export function principal(
  id: string,
  roles: string[],
  attributes: Record<string, unknown> = {},
): Principal {
  return { id, tenantId: 'acme', roles, attributes, authMethod: 'jwt' };
}

/** Records every denial it is told about. */
export class RecordingDenials extends AccessDeniedListener {
  readonly denials: Array<{ request: AccessRequest; decision: AccessDecision }> = [];
  onDenied(request: AccessRequest, decision: AccessDecision): void {
    this.denials.push({ request, decision });
  }
}

/** Orders by id, as the loader sees them. */
export const ORDERS: Readonly<Record<string, Record<string, unknown>>> = {
  small: { id: 'small', total: 80, region: 'eu' },
  large: { id: 'large', total: 5000, region: 'us' },
};

/** Loads {@link ORDERS}, recording each id asked for. */
@ResourceLoader('Order')
export class RecordingOrderLoader implements ResourceAttributesLoader {
  readonly loaded: string[] = [];
  async load(id: string): Promise<Record<string, unknown> | undefined> {
    this.loaded.push(id);
    return ORDERS[id];
  }
}

/** A testing module with `AccessControlModule` and a denial recorder. */
export interface AccessTestingModule {
  readonly moduleRef: TestingModule;
  readonly denials: RecordingDenials;
}

/**
 * Compiles and initialises a testing module importing `AccessControlModule` on
 * {@link ORDER_ACCESS} (with `overrides`) and holding `providers`; denials go to the returned
 * recorder (an `AccessDeniedListener` provider).
 */
export async function accessTestingModule(
  providers: Provider[],
  overrides: Partial<AccessControlModuleOptions> = {},
): Promise<AccessTestingModule> {
  const denials = new RecordingDenials();
  const moduleRef = await Test.createTestingModule({
    imports: [AccessControlModule.forRoot({ ...ORDER_ACCESS, ...overrides })],
    providers: [{ provide: RecordingDenials, useValue: denials }, ...providers],
  }).compile();
  await moduleRef.init();
  return { moduleRef, denials };
}
