import {
  MissingContextError,
  RequestContext,
  type StorageTarget,
  StorageTargets,
} from '@cqrs-ddd/core';
import { enableTenantRowLevelSecurity } from '@cqrs-ddd/multitenancy';
import { EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OrderNotification } from './order-notification.js';
import {
  createOrderNotificationsTable,
  orderNotificationsTable,
} from './order-notifications.table.js';

interface NotificationRow {
  readonly order_id: string;
  readonly kind: string;
  readonly message_id: string;
  readonly correlation_id: string | null;
  readonly received_at: Date;
}

/** Where one tenant's notifications are, and how statements reach them. */
interface NotificationsLocation {
  /** The qualified table. */
  readonly table: string;
  /** Runs a statement on the table's database and returns its rows. */
  execute<T extends object[]>(sql: string, params: unknown[]): Promise<T>;
}

/**
 * The consumer's own table, `order_notifications`, kept in the storage tier of each tenant,
 * like its orders (`StorageTargets`):
 * - shared tenants: `public.order_notifications` of the app's database, under row-level security
 *   like the suite's tables (queries run in tenant sessions);
 * - schema tenants: `order_notifications` in the tenant's schema (its privileges come from the
 *   schema's default privileges, see `grantTenantRoleOnSchema`);
 * - database tenants: `public.order_notifications` of the tenant's database.
 *
 * On the app's database (shared and schema tenants) a notification is written through the app's
 * EntityManager, so it commits in the transaction of the inbox record of its message: exactly
 * once. A tenant database cannot share that transaction (the inbox is in the app's database), so
 * there the row is committed at once, before the inbox record, and a redelivery after a failure
 * in between inserts nothing (`(message_id, kind)` is unique): effectively once.
 *
 * Dedicated tenants' tables are created on first use (provisioned tenants need no migration).
 */
@Injectable()
export class OrderNotificationStore implements OnModuleInit {
  private readonly tables = new Map<string, Promise<void>>();

  constructor(
    private readonly em: EntityManager,
    private readonly context: RequestContext,
    private readonly targets: StorageTargets,
  ) {}

  /** Creates the shared table when missing, under row-level security. */
  async onModuleInit(): Promise<void> {
    await createOrderNotificationsTable(this.em, 'public');
    await enableTenantRowLevelSecurity(this.em, {
      tables: [{ schema: 'public', table: 'order_notifications' }],
    });
  }

  /** Records a notification for `orderId` (in the caller's transaction, on the app's database). */
  async record(orderId: string, kind: string): Promise<void> {
    const { tenantId, messageId, correlationId } = this.context.state ?? {};
    if (!tenantId || !messageId) throw new MissingContextError('tenant and message id');
    const { table, execute } = await this.locate(tenantId);
    await execute<[]>(
      `INSERT INTO ${table} (tenant_id, order_id, kind, message_id, correlation_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id, kind) DO NOTHING`,
      [tenantId, orderId, kind, messageId, correlationId ?? null],
    );
  }

  /** Notifications of `orderId` for the caller's tenant, oldest first. */
  async ofOrder(orderId: string): Promise<OrderNotification[]> {
    const tenantId = this.context.state?.tenantId;
    if (!tenantId) throw new MissingContextError('tenant');
    const { table, execute } = await this.locate(tenantId);
    const rows = await execute<NotificationRow[]>(
      `SELECT order_id, kind, message_id, correlation_id, received_at FROM ${table}
       WHERE tenant_id = ? AND order_id = ? ORDER BY id`,
      [tenantId, orderId],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      kind: row.kind,
      messageId: row.message_id,
      ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
      receivedAt: new Date(row.received_at).toISOString(),
    }));
  }

  private async locate(tenantId: string): Promise<NotificationsLocation> {
    const target = await this.targets.prepare(tenantId);
    const table = orderNotificationsTable(target.schema ?? 'public');
    const tenantOrm = target.connection as MikroORM | undefined;
    if (target.tenantId !== undefined) await this.ensureTable(target, tenantOrm?.em ?? this.em);
    if (!tenantOrm) return { table, execute: (sql, params) => this.em.execute(sql, params) };
    const connection = tenantOrm.em.getConnection();
    return { table, execute: (sql, params) => connection.execute(sql, params, 'all') };
  }

  /** Creates a dedicated target's table on its first use (once per target and process). */
  private ensureTable(target: StorageTarget, em: EntityManager): Promise<void> {
    let created = this.tables.get(target.key);
    if (!created) {
      created = createOrderNotificationsTable(em, target.schema ?? 'public');
      created.catch(() => this.tables.delete(target.key));
      this.tables.set(target.key, created);
    }
    return created;
  }
}
