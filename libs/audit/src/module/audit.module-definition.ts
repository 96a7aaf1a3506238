import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AuditModuleOptions } from './audit-module.options.js';

/** Injection token of the {@link AuditModuleOptions} (as given, before validation). */
export const AUDIT_MODULE_OPTIONS = Symbol('cqrs-ddd:AUDIT_MODULE_OPTIONS');

/** The HTTP API of the trail: `GET /<path>` (see `AuditController`). */
export interface AuditHttpOptions {
  /**
   * Route path of the controller.
   * @default 'audit'
   */
  readonly path?: string;
}

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface AuditModuleExtras {
  /**
   * Register the module globally, so `AuditService`, `AuditSink` and `AuditStore` are
   * injectable everywhere (and found by access-control's denial listener and identity's
   * logins). Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Serve the trail over HTTP: `GET /audit` (filters, cursor, JSON / JSON Lines / CSV),
   * guarded by access-control's `AccessGuard` with permission `audit:read` — the app needs
   * `AccessControlModule` and an identity guard before it. `true` or `{ path }`.
   * @default false
   */
  http?: boolean | AuditHttpOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableAuditModule,
  OPTIONS_TYPE: AUDIT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUDIT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuditModuleOptions>({
  optionsInjectionToken: AUDIT_MODULE_OPTIONS,
  moduleName: 'Audit',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createAuditOptions')
  .setExtras<AuditModuleExtras>({ isGlobal: true, http: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `AuditModule.forRoot`: the module options plus the extras. */
export type AuditModuleRootOptions = typeof AUDIT_OPTIONS_TYPE;

/** Options of `AuditModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type AuditModuleAsyncOptions = typeof AUDIT_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface AuditOptionsFactory {
  createAuditOptions(): AuditModuleOptions | Promise<AuditModuleOptions>;
}
