import { type MikroORM, RequestContext, type SessionContext } from '@mikro-orm/core';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import type { Tenant } from '../registry/tenant.js';
import {
  assertIdentifier,
  assertSettingName,
  DEFAULT_TENANT_ROLE,
  DEFAULT_TENANT_SETTING,
} from '../rls/tenant-row-level-security.options.js';
import { runInOpenTransaction, type TenantSessionTarget } from './open-transaction.binding.js';
import { TenantSessionBinder } from './tenant-session.binder.js';

/** Options of {@link MikroOrmTenantSessionBinder}; match those of `enableTenantRowLevelSecurity`. */
export interface MikroOrmTenantSessionBinderOptions {
  /**
   * Role the tenant's transactions switch to (`SET LOCAL ROLE`): the role the row-level-security
   * policies apply to. `false` only sets the tenant setting, for applications whose login role is
   * itself subject to the policies (neither the tables' owner, nor superuser, nor BYPASSRLS).
   * @default 'cqrs_tenant'
   */
  readonly role?: string | false;
  /**
   * Custom setting receiving the tenant id (`set_config(<setting>, <tenant id>, true)`).
   * @default 'app.tenant_id'
   */
  readonly setting?: string;
}

/**
 * {@link TenantSessionBinder} for PostgreSQL row-level security through MikroORM's session
 * context: `run(tenant, work)` runs `work` in a MikroORM request context (a fork of the current
 * EntityManager) whose session context is `{ variables: { 'app.tenant_id': tenant.id }, role:
 * 'cqrs_tenant' }`. Every transaction the work begins through the application's EntityManager —
 * the command's `MikroOrmUnitOfWork`, repositories, `em.transactional` — then starts with
 * `set_config('app.tenant_id', ..., true)` and `SET LOCAL ROLE cqrs_tenant`, so everything in it,
 * including the event store's SQL and hand-written queries, only sees and writes the tenant's rows
 * (see `enableTenantRowLevelSecurity`). `SET LOCAL` ends with the transaction: pooled connections
 * carry nothing over to the next one.
 *
 * Coverage depends on MikroORM's `sessionContext` option:
 * - `'transaction'` (default): transactions, and `em.find` / `em.execute` / flushes outside one
 *   (MikroORM wraps those in a short transaction). Raw Kysely queries outside a transaction
 *   (`em.getKysely()`, e.g. the event store read outside a unit of work) run as the login role.
 * - `'connection'`: every connection the work acquires is bound as well (one more round trip per
 *   acquisition).
 *
 * Work started inside a transaction that is already open (MikroORM applies the context only when
 * a transaction begins): joined when that transaction is bound to the same tenant; bound for the
 * duration of the work when it is unbound (e.g. an inbox consumer's); refused with
 * `TenantSessionConflictError` when it is bound to another tenant.
 */
export class MikroOrmTenantSessionBinder extends TenantSessionBinder {
  private readonly target: TenantSessionTarget;

  constructor(
    private readonly orm: MikroORM,
    options: MikroOrmTenantSessionBinderOptions = {},
  ) {
    super();
    const role =
      options.role === false
        ? false
        : assertIdentifier(options.role ?? DEFAULT_TENANT_ROLE, 'The tenant role');
    this.target = { role, setting: assertSettingName(options.setting ?? DEFAULT_TENANT_SETTING) };
    if (!orm.em.getPlatform().supportsRowLevelSecurity()) {
      throw new MultitenancyConfigurationError(
        'MikroOrmTenantSessionBinder needs a database with row-level security (PostgreSQL): use NoTenantSessionBinder with other databases.',
      );
    }
  }

  async run<T>(tenant: Tenant, work: () => Promise<T>): Promise<T> {
    const em = this.orm.em;
    const transaction = em.getTransactionContext();
    if (transaction) {
      return runInOpenTransaction(em.getConnection(), transaction, this.target, tenant.id, work);
    }
    if (this.isBoundTo(em.getSessionContext(), tenant.id)) return work();
    const session = this.sessionContext(tenant.id);
    return RequestContext.create(em, () => {
      // The fork keeps the parent's other session variables and filter parameters.
      RequestContext.getEntityManager(em.name)!.setSessionContext(session);
      return work();
    });
  }

  private sessionContext(tenantId: string): SessionContext {
    const variables = { [this.target.setting]: tenantId };
    return this.target.role === false ? { variables } : { variables, role: this.target.role };
  }

  private isBoundTo(context: SessionContext | undefined, tenantId: string): boolean {
    return (
      context?.variables?.[this.target.setting] === tenantId &&
      (this.target.role === false || context.role === this.target.role)
    );
  }
}
