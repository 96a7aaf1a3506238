import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import {
  type AccessControlModuleAsyncOptions,
  type AccessControlModuleRootOptions,
  ConfigurableAccessControlModule,
} from './access-control.module-definition.js';
import { accessControlExports, accessControlProviders } from './access-control.providers.js';

/**
 * Access control: RBAC (roles → permissions with wildcards and inheritance), ABAC policies
 * (`definePolicy`), an optional external PDP (OPA-compatible, fail closed), all decided by the
 * `PolicyEnforcementPoint`. Give it to `CqrsDddModule.forRoot({ modules: [...] })`; the
 * pipeline discovers its step.
 *
 * ```ts
 * AccessControlModule.forRoot({
 *   rbac: { roles: { 'order:reader': ['order:read'], 'order:writer': { inherits: ['order:reader'], permissions: ['order:create'] } } },
 *   policies: [readersSeeTheirRegion],
 *   pdp: { url: 'http://opa:8181/v1/data/cqrs/allow', timeoutMs: 250, actions: ['order:confirm'] },
 * })
 * ```
 *
 * Options are validated at start: an unknown inherited role, an inheritance cycle, a bad
 * permission pattern, a duplicate policy name or bad PDP options fail the start with an
 * `AccessControlConfigurationError`. Every provider extending `AccessDeniedListener` receives
 * the denials; `AuditAccessDeniedListener` (registered here) writes them to core's
 * `AuditSink` when the app provides one.
 *
 * Enforcement: the `authorization` pipeline step (`AuthorizationStep`, slot 400) checks every
 * command and query declared with `@Authorize(...)` (undeclared ones follow
 * `defaultDecision`); `AccessGuard` checks `@RequirePermissions(...)` / `@Policy(...)` of
 * controllers and resolvers (register it with `@UseGuards(AccessGuard)` or as `APP_GUARD`
 * after the identity guard); `@ResourceLoader(type)` providers are discovered at start;
 * `AccessScope` pushes the principal's conditions down into read-model queries.
 *
 * Exports `PolicyEnforcementPoint`, `AccessEnforcer`, `AccessGuard`, `AccessScope`,
 * `AccessControlSettings` and `ACCESS_CONTROL_OPTIONS`.
 */
@Module({})
export class AccessControlModule extends ConfigurableAccessControlModule {
  /** Registers the module with static options. */
  static override forRoot(options: AccessControlModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: AccessControlModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    imports: [...(definition.imports ?? []), DiscoveryModule],
    providers: [...(definition.providers ?? []), ...accessControlProviders],
    exports: [...(definition.exports ?? []), ...accessControlExports],
  };
}
