import type { Provider } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AccessDeniedListener } from '../denials/access-denied.listener.js';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import { AuditAccessDeniedListener } from '../denials/audit-access-denied.listener.js';
import { AccessEnforcer } from '../enforcement/access-enforcer.js';
import { AuthorizationStep } from '../enforcement/authorization.step.js';
import { ResourceLoaders } from '../enforcement/resource-loaders.js';
import { AccessGuard } from '../guards/access.guard.js';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import { AccessScope } from '../push-down/access-scope.service.js';
import type { AccessControlModuleOptions } from './access-control-module.options.js';
import { ACCESS_CONTROL_OPTIONS } from './access-control.module-definition.js';
import { AccessControlSettings } from './access-control.settings.js';

/** Every provider of the app that extends {@link AccessDeniedListener}, each once. */
function discoverDenialListeners(discovery: DiscoveryService): readonly AccessDeniedListener[] {
  const instances = discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter(
      (instance): instance is AccessDeniedListener => instance instanceof AccessDeniedListener,
    );
  return [...new Set(instances)];
}

/** Providers of `AccessControlModule` (besides the options). */
export const accessControlProviders: Provider[] = [
  {
    provide: AccessControlSettings,
    inject: [ACCESS_CONTROL_OPTIONS],
    useFactory: (options: AccessControlModuleOptions) => AccessControlSettings.from(options),
  },
  {
    provide: AccessDeniedNotifier,
    inject: [DiscoveryService],
    // Looked up on the first denial, when every provider of the app exists.
    useFactory: (discovery: DiscoveryService) =>
      new AccessDeniedNotifier(() => discoverDenialListeners(discovery)),
  },
  AuditAccessDeniedListener,
  PolicyEnforcementPoint,
  ResourceLoaders,
  AccessEnforcer,
  // Joins CqrsDddModule's pipeline by discovery (@PipelineStep, slot 400).
  AuthorizationStep,
  AccessGuard,
  AccessScope,
];

/** What `AccessControlModule` exports. */
export const accessControlExports = [
  ACCESS_CONTROL_OPTIONS,
  AccessControlSettings,
  PolicyEnforcementPoint,
  AccessEnforcer,
  AccessGuard,
  AccessScope,
];
