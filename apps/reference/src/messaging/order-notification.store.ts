import { MissingContextError, RequestContext } from '@cqrs-ddd/core';
import { enableTenantRowLevelSecurity } from '@cqrs-ddd/multitenancy';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OrderNotification } from './order-notification.js';

interface NotificationRow {
  readonly order_id: string;
  readonly kind: string;
  readonly message_id: string;
  readonly correlation_id: string | null;
  readonly received_at: Date;
}

/**
 * The consumer's own table, `order_notifications`, written through the app's EntityManager so
 * that a row commits in the same transaction as the inbox record of its message. Scoped to the
 * tenant of the request context, and protected by row-level security like the suite's tables
 * (queries run in tenant sessions).
 */
@Injectable()
export class OrderNotificationStore implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly context: RequestContext,
  ) {}

  /** Creates the table when missing, under row-level security. */
  async onModuleInit(): Promise<void> {
    await this.em.execute(`CREATE TABLE IF NOT EXISTS order_notifications (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      order_id text NOT NULL,
      kind text NOT NULL,
      message_id text NOT NULL,
      correlation_id text,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await this.em.execute(
      'CREATE INDEX IF NOT EXISTS order_notifications_order ON order_notifications (tenant_id, order_id, id)',
    );
    await enableTenantRowLevelSecurity(this.em, {
      tables: [{ schema: 'public', table: 'order_notifications' }],
    });
  }

  /** Records a notification for `orderId` (in the caller's transaction). */
  async record(orderId: string, kind: string): Promise<void> {
    const { tenantId, messageId, correlationId } = this.context.state ?? {};
    if (!tenantId || !messageId) throw new MissingContextError('tenant and message id');
    await this.em.execute(
      `INSERT INTO order_notifications (tenant_id, order_id, kind, message_id, correlation_id)
       VALUES (?, ?, ?, ?, ?)`,
      [tenantId, orderId, kind, messageId, correlationId ?? null],
    );
  }

  /** Notifications of `orderId` for the caller's tenant, oldest first. */
  async ofOrder(orderId: string): Promise<OrderNotification[]> {
    const tenantId = this.context.state?.tenantId;
    if (!tenantId) throw new MissingContextError('tenant');
    const rows = await this.em.execute<NotificationRow[]>(
      `SELECT order_id, kind, message_id, correlation_id, received_at FROM order_notifications
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
}
