import { type DynamicModule, Module } from '@nestjs/common';
import { AUDIT_DEFAULT_PATH, auditControllerAt } from '../http/audit.controller.js';
import {
  type AuditModuleAsyncOptions,
  type AuditModuleExtras,
  type AuditModuleRootOptions,
  ConfigurableAuditModule,
} from './audit.module-definition.js';
import { auditExports, auditProviders } from './audit.providers.js';

/**
 * The compliance trail: who did what to which resource, in which tenant, and how it ended.
 *
 * ```ts
 * AuditModule.forRoot({
 *   store: 'postgres',
 *   postgres: { migrate: true, appRole: 'orders_app' },
 *   redact: ['payment.card.number', 'contacts.*.phone'],
 *   retention: { days: 400 },
 *   http: true,
 * })
 * ```
 *
 * - Provides core's `AuditSink` and `AuditStore` — both the `AuditRecorder`, which fills
 *   tenant, actor, correlation id, client address and user agent from the request context and
 *   redacts `details` before the store sees them — and `AuditService` (record, query, export,
 *   verify for the caller's tenant). Access-control's denial listener and identity's logins
 *   find the sink by themselves.
 * - Pipeline steps, discovered by `CqrsDddModule`: `AuditStep` (650) records failures, denials
 *   and audited queries; `AuditCommitStep` (850) records a command's success inside its unit
 *   of work. Every command is audited; queries marked `@Audited()` (or all with
 *   `queries: 'all'`).
 * - `retention` purges old entries on an interval; `http` serves `GET /audit`
 *   (`AuditController`, permission `audit:read`).
 */
@Module({})
export class AuditModule extends ConfigurableAuditModule {
  /** Registers the module with static options. */
  static override forRoot(options: AuditModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options), options);
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: AuditModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options), options);
  }
}

function withProviders(definition: DynamicModule, extras: AuditModuleExtras): DynamicModule {
  const http = extras.http === true ? {} : extras.http || undefined;
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...auditProviders],
    exports: [...(definition.exports ?? []), ...auditExports],
    controllers: http ? [auditControllerAt(http.path ?? AUDIT_DEFAULT_PATH)] : [],
  };
}
