import {
  type AuditSink,
  Clock,
  currentRequestContext,
  type FlagDefinition,
  IdGenerator,
  SystemClock,
  UuidV7IdGenerator,
  ValidationError,
} from '@cqrs-ddd/core';
import type { PostgresFeatureFlagProvider } from '../postgres/postgres-feature-flag.provider.js';
import { flagNotFound, type StoredFeatureFlag } from '../postgres/stored-feature-flag.js';
import { type FeatureFlagScope, flagKeyIssues } from './feature-flag-admin.input.js';

/** Options of {@link FeatureFlagAdminService}. */
export interface FeatureFlagAdminServiceOptions {
  /**
   * Finds the app's audit sink (called on the first change); each change is recorded there.
   * @default undefined (changes are not audited)
   */
  readonly auditSink?: () => AuditSink | undefined;
  /** Time of audit entries. @default new SystemClock() */
  readonly clock?: Clock;
  /** Ids of audit entries. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

type FlagChange = 'create' | 'update' | 'delete';

/**
 * Manages the flags of the `'postgres'` provider: a scope is the request context's tenant
 * (`'tenant'`, the default: that tenant's overrides) or `'global'` (the flags every tenant
 * falls back to). Writes check versions (optimistic concurrency), are recorded to the app's
 * `AuditSink` in the same transaction (`feature-flag:create|update|delete`, resource
 * `{ type: 'feature-flag', id: key }`, details `{ scope, version }`), and are served by this
 * instance as soon as they return (other instances reload on `NOTIFY`).
 *
 * It checks no permission: callers do (the admin controller requires `feature-flags:read` /
 * `feature-flags:manage`, and `feature-flags:manage-global` for the global scope).
 */
export class FeatureFlagAdminService {
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private sink: { readonly found?: AuditSink } | undefined;

  constructor(
    private readonly flags: PostgresFeatureFlagProvider,
    private readonly options: FeatureFlagAdminServiceOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  /** The flags of `scope`, by key. */
  list(scope: FeatureFlagScope = 'tenant'): Promise<StoredFeatureFlag[]> {
    return this.flags.store.list(tenantOf(scope));
  }

  /** @throws NotFoundError when `scope` has no flag `key` */
  async get(key: string, scope: FeatureFlagScope = 'tenant'): Promise<StoredFeatureFlag> {
    const tenantId = tenantOf(scope);
    assertKey(key);
    const found = await this.flags.store.get(tenantId, key);
    if (!found) throw flagNotFound(tenantId, key);
    return found;
  }

  /**
   * Creates flag `definition.key` in `scope` (version 1).
   * @throws ValidationError for an invalid definition; ConcurrencyError when it exists
   */
  create(
    definition: FlagDefinition,
    scope: FeatureFlagScope = 'tenant',
  ): Promise<StoredFeatureFlag> {
    const tenantId = tenantOf(scope);
    assertKey(definition?.key);
    return this.change('create', scope, (updatedBy) =>
      this.flags.store.create(tenantId, definition, { updatedBy }),
    );
  }

  /**
   * Replaces flag `definition.key` of `scope`, if still at `expectedVersion`.
   * @throws ValidationError; NotFoundError; ConcurrencyError when it changed since
   */
  update(
    definition: FlagDefinition,
    expectedVersion: number,
    scope: FeatureFlagScope = 'tenant',
  ): Promise<StoredFeatureFlag> {
    const tenantId = tenantOf(scope);
    assertKey(definition?.key);
    return this.change('update', scope, (updatedBy) =>
      this.flags.store.update(tenantId, definition, expectedVersion, { updatedBy }),
    );
  }

  /**
   * Deletes flag `key` of `scope` (a tenant then falls back to the global flag).
   * @param expectedVersion checked when given
   * @throws NotFoundError; ConcurrencyError when it changed since `expectedVersion`
   */
  remove(
    key: string,
    scope: FeatureFlagScope = 'tenant',
    expectedVersion?: number,
  ): Promise<StoredFeatureFlag> {
    const tenantId = tenantOf(scope);
    assertKey(key);
    return this.change('delete', scope, () =>
      this.flags.store.remove(tenantId, key, expectedVersion),
    );
  }

  private async change(
    change: FlagChange,
    scope: FeatureFlagScope,
    write: (updatedBy: string | undefined) => Promise<StoredFeatureFlag>,
  ): Promise<StoredFeatureFlag> {
    const context = currentRequestContext();
    const principal = context?.principal;
    const stored = await this.flags.store.transactional(async () => {
      const flag = await write(principal?.id ?? context?.actorId);
      this.sink ??= { found: this.options.auditSink?.() };
      await this.sink.found?.record({
        id: this.ids.newId(),
        occurredAt: this.clock.now(),
        ...(flag.tenantId === undefined ? {} : { tenantId: flag.tenantId }),
        ...(principal ? { actor: { id: principal.id, authMethod: principal.authMethod } } : {}),
        action: `feature-flag:${change}`,
        resource: { type: 'feature-flag', id: flag.key },
        outcome: 'success',
        ...(context?.correlationId === undefined ? {} : { correlationId: context.correlationId }),
        details: { scope, version: flag.version },
      });
      return flag;
    });
    await this.flags.refresh();
    return stored;
  }
}

/** The tenant id of `scope` (`undefined` for global). */
function tenantOf(scope: FeatureFlagScope): string | undefined {
  if (scope === 'global') return undefined;
  if (scope !== 'tenant') throw ValidationError.of('scope', "must be 'tenant' or 'global'", 'isIn');
  const tenantId = currentRequestContext()?.tenantId;
  if (tenantId === undefined) {
    throw ValidationError.of(
      'scope',
      "the tenant scope needs a tenant in the request context; use scope 'global' for global flags",
      'tenantRequired',
    );
  }
  return tenantId;
}

function assertKey(key: unknown): void {
  const issues = flagKeyIssues(key);
  if (issues.length > 0) throw new ValidationError(issues);
}
