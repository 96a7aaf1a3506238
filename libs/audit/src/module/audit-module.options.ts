import type { Type } from '@nestjs/common';
import type { AuditStore } from '../chain/audit.store.js';

/** Settings of the `'postgres'` store. */
export interface AuditPostgresOptions {
  /**
   * Schema of the audit tables.
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Create the tables, triggers and purge function at start (`ensureAuditSchema`); needs a
   * database role allowed to create them. Without it, run `ensureAuditSchema` in a migration.
   * @default false
   */
  readonly migrate?: boolean;
  /**
   * With `migrate`: the role the application connects as, granted `SELECT, INSERT` on the
   * trail and nothing else (the trail then cannot be changed through the application's
   * credentials).
   * @default undefined (no grant)
   */
  readonly appRole?: string;
}

/** Automatic deletion of old entries (`AuditStore.purgeBefore`; chains stay verifiable). */
export interface AuditRetentionOptions {
  /** Entries older than this many days are purged. A positive number. */
  readonly days: number;
  /**
   * Time between sweeps, in milliseconds (the first runs at start).
   * @default 3_600_000 (one hour)
   */
  readonly sweepIntervalMs?: number;
}

/** Options of `AuditModule.forRoot` / `forRootAsync`. */
export interface AuditModuleOptions {
  /**
   * Where the trail is kept: `'postgres'` (`PostgresAuditStore` on the app's MikroORM
   * `EntityManager`; tamper-evident, joins the command's transaction), `'memory'`
   * (`MemoryAuditStore`, for tests and demos), a class extending `AuditStore` (created with
   * the app's providers), or an instance.
   */
  readonly store: 'postgres' | 'memory' | Type<AuditStore> | AuditStore;
  /** Settings of the `'postgres'` store. */
  readonly postgres?: AuditPostgresOptions;
  /**
   * Keys (`ssn`) and dotted paths from the payload root (`payment.card.number`,
   * `contacts.*.phone`) redacted from `details`, in addition to the built-in keys (password,
   * passphrase, secret, token, accessToken, refreshToken, idToken, authorization, cookie,
   * apiKey, privateKey, creditCard, cardNumber, cvv, cvc, iban, ssn).
   * @default []
   */
  readonly redact?: readonly string[];
  /**
   * Purge entries older than `days` on an interval.
   * @default undefined (entries are kept forever)
   */
  readonly retention?: AuditRetentionOptions;
  /**
   * Which queries are audited: `'sensitive'` — only query classes marked `@Audited()`; `'all'`.
   * Commands are always audited.
   * @default 'sensitive'
   */
  readonly queries?: 'sensitive' | 'all';
}
