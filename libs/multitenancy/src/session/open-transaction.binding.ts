import type { Connection, Transaction } from '@mikro-orm/core';
import { TenantSessionConflictError } from './tenant-session-conflict.error.js';

/** How a tenant session is bound: the setting carrying the tenant, and the role (or none). */
export interface TenantSessionTarget {
  readonly setting: string;
  readonly role: string | false;
}

/** A binding this process applied to one open transaction, shared by its concurrent works. */
interface ActiveBinding {
  readonly tenantId: string;
  /** The session's `setting` and `role` settings before the binding. */
  readonly previous: { readonly tenant: string; readonly role: string };
  depth: number;
  /** Settles once the binding is applied (rejects when it could not be). */
  ready: Promise<void>;
  /** Set while the binding is being undone. */
  restoring?: Promise<void>;
}

type Execute = (sql: string, params?: unknown[]) => Promise<Record<string, string | null>[]>;

// One entry per open database transaction a work bound itself, keyed by backend pid and
// transaction start; shared by every binder of the process. The marker setting tells a binding
// of ours still in the session (being undone) from one applied when the transaction began.
const activeBindings = new Map<string, ActiveBinding>();
const MARKER = 'cqrs_ddd.bound_tenant';

const PROBE_SQL = `SELECT current_setting(?, true) AS tenant, current_setting('role') AS role,
  current_user AS user, current_setting('${MARKER}', true) AS marker,
  pg_backend_pid() || '@' || now()::text AS key`;
const SET_SQL = `SELECT set_config(?, ?, true), set_config('role', ?, true), set_config('${MARKER}', ?, true)`;

/**
 * Runs `work` for `tenantId` inside the transaction `trx`, already open: MikroORM applies a
 * session context only when a top-level transaction begins, so the work would run unbound.
 *
 * - A transaction bound to the tenant when it began (the work is nested in the tenant's unit of
 *   work) is joined as is.
 * - A transaction bound to another tenant is refused with `TenantSessionConflictError`.
 * - An unbound transaction (e.g. an inbox consumer's, opened before the command's tenant was
 *   known) is bound with `set_config(..., true)` (the setting and the role) for the duration of
 *   the work, then restored. Concurrent works of the same tenant in it share the binding; one
 *   for another tenant is refused while it lasts.
 */
export async function runInOpenTransaction<T>(
  connection: Connection,
  trx: Transaction,
  target: TenantSessionTarget,
  tenantId: string,
  work: () => Promise<T>,
): Promise<T> {
  const execute: Execute = (sql, params = []) => connection.execute(sql, params, 'all', trx);
  for (let attempt = 1; ; attempt++) {
    const [probe] = await execute(PROBE_SQL, [target.setting]);
    const key = probe.key as string;
    const active = activeBindings.get(key);
    if (active?.restoring) {
      await active.restoring.catch(() => undefined);
      continue; // look again once the other work's binding is undone
    }
    if (active) {
      if (active.tenantId !== tenantId)
        throw new TenantSessionConflictError(active.tenantId, tenantId);
      active.depth++;
      return runBound(active, key, execute, target, work);
    }
    // A marker without an entry: our binding was being undone when this probe ran; probe again.
    if (probe.marker && attempt < 3) continue;
    const bound = probe.tenant || null;
    const roleBound = target.role === false || probe.user === target.role;
    if (bound !== null && bound !== tenantId) throw new TenantSessionConflictError(bound, tenantId);
    if (bound !== null && roleBound) return work(); // bound when the transaction began: join it

    const previous = { tenant: probe.tenant ?? '', role: probe.role as string };
    const role = target.role === false ? previous.role : target.role;
    const binding: ActiveBinding = {
      tenantId,
      previous,
      depth: 1,
      ready: execute(SET_SQL, [target.setting, tenantId, role, tenantId]).then(() => undefined),
    };
    activeBindings.set(key, binding);
    return runBound(binding, key, execute, target, work);
  }
}

async function runBound<T>(
  binding: ActiveBinding,
  key: string,
  execute: Execute,
  target: TenantSessionTarget,
  work: () => Promise<T>,
): Promise<T> {
  let failed = false;
  try {
    await binding.ready;
    return await work();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await release(binding, key, execute, target, failed);
  }
}

/** Leaves the binding; the last work leaving it restores the previous settings. */
async function release(
  binding: ActiveBinding,
  key: string,
  execute: Execute,
  target: TenantSessionTarget,
  failed: boolean,
): Promise<void> {
  if (--binding.depth > 0) return;
  const { tenant, role } = binding.previous;
  binding.restoring = execute(SET_SQL, [target.setting, tenant, role, '']).then(() => undefined);
  try {
    await binding.restoring;
  } catch (restoreError) {
    // After a failed work the transaction is usually aborted and rolls back: its error is the one
    // to report. After a successful one, the transaction must not go on bound to the tenant.
    if (!failed) throw restoreError;
  } finally {
    activeBindings.delete(key);
  }
}
