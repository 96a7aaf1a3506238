import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { currentRequestContext } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { TenantContext } from '@cqrs-ddd/multitenancy';
import { eachEvent, ProcessorEngine, type ProcessorHandle } from '@cqrs-ddd/projections';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ensureLibsBuilt, REPO_ROOT } from '../../../.ci/jest/libs-build.js';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { E2E_ROLES, startApp, type E2eApp } from './support/e2e-app.js';

type Agent = Awaited<ReturnType<E2eApp['as']>>;

/** What the probe processor saw for one event: the event's metadata and its request context. */
interface HandledEvent {
  readonly streamId: string;
  readonly metadataTenant: unknown;
  readonly contextTenant: string | undefined;
  readonly contextCorrelation: string | undefined;
  readonly contextActor: string | undefined;
}

/** An order a test created, with who created it and the correlation id of its requests. */
interface CreatedOrder {
  readonly id: string;
  readonly tenant: string;
  readonly correlationId: string;
}

/** A notification row as the login role sees it, with the tenants of its inbox record and event. */
interface NotificationRow {
  readonly order_id: string;
  readonly kind: string;
  readonly tenant_id: string;
  readonly inbox_tenant: string | null;
  readonly event_tenant: string | null;
}

/** An order the seed script created, as it printed it. */
interface SeededOrder {
  readonly id: string;
  readonly customerId: string;
  readonly version: number;
  readonly next: string;
}

const ORDERS_PER_TENANT = 4;
const POLL_MS = 20_000;
const SEED_SCRIPT = join(REPO_ROOT, 'apps/reference/dist/seed.js');

/** `?, ?, ...` for an `IN (...)` of `count` values. */
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * The tenant (and the rest of the request context: correlation, actor) survives every async hop
 * of the app, with two tenants working at once:
 * - a processor running on the event log handles each event inside the event's context (a probe
 *   processor registered on the app's `ProcessorEngine` records `currentRequestContext()`);
 * - the RabbitMQ notifications consumer records each message in the tenant of its headers, which
 *   the other tenant can see neither over the API nor with SQL under row-level security;
 * - the seed CLI (`apps/reference/dist/seed.js <tenant>`, a child process) writes its orders in
 *   the tenant it was given, which the processor, the API and the broker round trip carry on.
 */
describe('request context across async hops: processor, broker consumer, CLI (e2e)', () => {
  const suffix = randomBytes(4).toString('hex');
  const tenants = [`ctx-a-${suffix}`, `ctx-b-${suffix}`] as const;
  const broker = uniqueBrokerTopology('tenancy-context');
  const handled = new Map<string, HandledEvent>();
  const agents = new Map<string, Agent>();
  let api: E2eApp;
  let probe: ProcessorHandle;

  beforeAll(async () => {
    api = await startApp({ TENANTS: tenants.join(','), ...broker.env });
    for (const tenant of tenants) agents.set(tenant, await api.as(userOf(tenant)));
    probe = api.app.get(ProcessorEngine).register({
      name: 'tenancy-context-probe',
      filter: { streamTypes: ['Order'] },
      handleBatch: eachEvent((event) => {
        const context = currentRequestContext();
        handled.set(event.eventId, {
          streamId: event.streamId,
          metadataTenant: event.metadata.tenantId,
          contextTenant: context?.tenantId,
          contextCorrelation: context?.correlationId,
          contextActor: context?.actorId,
        });
      }),
    });
    probe.start();
  });

  afterAll(async () => {
    await api?.close();
    await broker.remove();
  });

  function userOf(tenant: string) {
    return { sub: `user-${tenant}`, tenant, roles: E2E_ROLES };
  }

  const agent = (tenant: string) => agents.get(tenant)!;
  const otherThan = (tenant: string) => tenants.find((t) => t !== tenant)!;

  /** Runs `query` as the app's login role: every tenant's rows, no row-level security. */
  function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const em = api.app.get(MikroORM).em.fork() as unknown as EntityManager;
    return em.execute<T[]>(query, params);
  }

  /** Runs `query` in `tenant`'s database session (row-level security), as the app's commands do. */
  function sqlAs<T>(tenant: string, query: string, params: unknown[] = []): Promise<T[]> {
    const em = api.app.get(MikroORM).em as unknown as EntityManager;
    return api.app.get(TenantContext).run(tenant, () => em.execute<T[]>(query, params));
  }

  /** `ORDERS_PER_TENANT` orders per tenant, all at once; `steps` runs the rest of each order. */
  function createConcurrently(
    label: string,
    steps: (http: Agent, order: CreatedOrder) => Promise<void> = async () => undefined,
  ): Promise<CreatedOrder[]> {
    return Promise.all(
      tenants.flatMap((tenant) =>
        Array.from({ length: ORDERS_PER_TENANT }, async (_, index): Promise<CreatedOrder> => {
          const correlationId = `${label}-${tenant}-${index}`;
          const created = await agent(tenant)
            .post('/orders')
            .set('X-Correlation-Id', correlationId)
            .send({ customerId: `${tenant}-customer-${index}` })
            .expect(201);
          const order = { id: (created.body as { id: string }).id, tenant, correlationId };
          await agent(tenant)
            .post(`/orders/${order.id}/items`)
            .set('X-Correlation-Id', correlationId)
            .send({ productId: `p-${index}`, quantity: index + 1, unitPrice: 2.5 })
            .expect(200);
          await steps(agent(tenant), order);
          return order;
        }),
      ),
    );
  }

  /** The stored events of `streamIds`, with their tenant column and metadata tenant. */
  function storedEventsOf(streamIds: readonly string[]) {
    return sql<{ event_id: string; stream_id: string; tenant_id: string; meta_tenant: string }>(
      `SELECT event_id::text AS event_id, stream_id, tenant_id, metadata->>'tenantId' AS meta_tenant
       FROM cqrs_messages WHERE stream_id IN (${placeholders(streamIds.length)})`,
      [...streamIds],
    );
  }

  /** What the probe saw for each of `eventIds`, once it saw them all (bounded wait). */
  async function probeSaw(eventIds: readonly string[]): Promise<(HandledEvent | undefined)[]> {
    return pollUntil(
      async () => eventIds.map((id) => handled.get(id)),
      (seen) => seen.every((event) => event !== undefined),
      POLL_MS,
    );
  }

  /** The notifications of `orderId` as `tenant` reads them over REST. */
  async function notificationsAs(tenant: string, orderId: string) {
    const response = await agent(tenant).get(`/orders/${orderId}/notifications`);
    // Another tenant's order has no notifications for the caller (or does not exist).
    return response.status === 404
      ? []
      : (response.body as { orderId: string; kind: string; correlationId?: string }[]);
  }

  it("a processor handles each event of both tenants' concurrent requests in the event's tenant, correlation and actor", async () => {
    // Held while both tenants write, so that its next batch holds their events interleaved.
    await probe.pause();
    const orders = await createConcurrently('processor');
    probe.resume();
    const owner = new Map(orders.map((order) => [order.id, order]));

    const stored = await storedEventsOf([...owner.keys()]);
    expect(stored).toHaveLength(2 * orders.length); // created + item added
    const seen = await probeSaw(stored.map((row) => row.event_id));
    stored.forEach((row, index) => {
      const order = owner.get(row.stream_id)!;
      expect({ stored: row.tenant_id, metadata: row.meta_tenant, ...seen[index] }).toEqual({
        stored: order.tenant,
        metadata: order.tenant,
        streamId: order.id,
        metadataTenant: order.tenant,
        contextTenant: order.tenant,
        contextCorrelation: order.correlationId,
        contextActor: `user-${order.tenant}`,
      });
    });
  });

  it("the RabbitMQ consumer records each tenant's messages in that tenant only, invisible to the other over REST and SQL", async () => {
    const orders = await createConcurrently('consumer', async (http, { id, correlationId }) => {
      await http
        .post(`/orders/${id}/confirm`)
        .set('X-Correlation-Id', `${correlationId}-confirm`)
        .expect(200);
      await http
        .post(`/orders/${id}/cancel`)
        .set('X-Correlation-Id', `${correlationId}-cancel`)
        .expect(200);
    });
    const owner = new Map(orders.map((order) => [order.id, order]));
    const ids = [...owner.keys()];

    for (const { id, tenant, correlationId } of orders) {
      const notifications = await pollUntil(
        () => notificationsAs(tenant, id),
        (list) => list.length >= 2,
        POLL_MS,
      );
      // Two messages, consumed in either order.
      expect(
        notifications.map(({ orderId, kind, correlationId: c }) => [orderId, kind, c]).sort(),
      ).toEqual([
        [id, 'order.cancelled', `${correlationId}-cancel`],
        [id, 'order.confirmed', `${correlationId}-confirm`],
      ]);
      expect(await notificationsAs(otherThan(tenant), id)).toEqual([]);
    }

    // The row, the inbox record of its message and the event behind it: all the order's tenant.
    const rows = await sql<NotificationRow>(
      `SELECT n.order_id, n.kind, n.tenant_id, i.tenant_id AS inbox_tenant, m.tenant_id AS event_tenant
       FROM order_notifications n
       LEFT JOIN inbox_messages i ON i.message_id = n.message_id
       LEFT JOIN cqrs_messages m ON m.event_id::text = n.message_id
       WHERE n.order_id IN (${placeholders(ids.length)})`,
      ids,
    );
    expect(rows).toHaveLength(2 * orders.length);
    for (const row of rows) {
      const { tenant } = owner.get(row.order_id)!;
      expect(row).toEqual({
        ...row,
        tenant_id: tenant,
        inbox_tenant: tenant,
        event_tenant: tenant,
      });
    }
    // Under row-level security, asking for every order's notifications yields only the tenant's.
    for (const tenant of tenants) {
      const visible = await sqlAs<{ order_id: string; tenant_id: string }>(
        tenant,
        `SELECT order_id, tenant_id FROM order_notifications WHERE order_id IN (${placeholders(ids.length)})`,
        ids,
      );
      const own = orders.filter((order) => order.tenant === tenant).map((order) => order.id);
      expect(visible.map((row) => row.order_id).sort()).toEqual([...own, ...own].sort());
      expect(new Set(visible.map((row) => row.tenant_id))).toEqual(new Set([tenant]));
    }
  });

  it("the seed CLI writes in the tenant it is given: events, processor context, reads and notifications stay that tenant's", async () => {
    // The CLI as `npm run seed -- <tenant>` runs it: built output, against the app's database.
    await ensureLibsBuilt(['apps/reference/tsconfig.app.json']);
    const [seedTenant, otherTenant] = tenants;
    const { stdout } = await promisify(execFile)(process.execPath, [SEED_SCRIPT, seedTenant], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TENANTS: tenants.join(','),
        MONGO_URL: '',
        READ_MODEL_STORE: '',
        AMQP_URL: '',
      },
      timeout: 120_000,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`The seed script failed: ${error.stderr || error.message}`);
    });
    const seeded: SeededOrder[] = [
      ...stdout.matchAll(/^Order (\S+) for (\S+): version (\d+) \((\w+)\)$/gm),
    ].map(([, id, customerId, version, next]) => ({
      id,
      customerId,
      version: Number(version),
      next,
    }));
    expect(seeded.map((order) => order.next)).toEqual(['confirm', 'keep', 'cancel', 'keep']);
    const ids = seeded.map((order) => order.id);

    const stored = await storedEventsOf(ids);
    expect(stored).toHaveLength(seeded.reduce((sum, order) => sum + order.version, 0));
    for (const row of stored) {
      expect([row.stream_id, row.tenant_id, row.meta_tenant]).toEqual([
        row.stream_id,
        seedTenant,
        seedTenant,
      ]);
    }
    const seen = await probeSaw(stored.map((row) => row.event_id));
    for (const event of seen) {
      expect([event?.streamId, event?.contextTenant]).toEqual([event?.streamId, seedTenant]);
    }

    for (const { id, customerId, version } of seeded) {
      const own = await agent(seedTenant).get(`/orders/${id}`).query({ minVersion: version });
      expect([own.status, own.body.customerId, own.body.version]).toEqual([
        200,
        customerId,
        version,
      ]);
      expect((await agent(otherTenant).get(`/orders/${id}`)).status).toBe(404);
    }
    const listed = async (tenant: string) =>
      (
        (await agent(tenant).get('/orders').query({ limit: 100 })).body as {
          items: { id: string }[];
        }
      ).items.map((order) => order.id);
    expect(await listed(seedTenant)).toEqual(expect.arrayContaining(ids));
    expect((await listed(otherTenant)).filter((id) => ids.includes(id))).toEqual([]);

    // The app's outbox relays the CLI's confirmation and cancellation; the consumer records them
    // in the seed tenant.
    const published: Record<string, string> = {
      confirm: 'order.confirmed',
      cancel: 'order.cancelled',
    };
    for (const { id, next } of seeded.filter((order) => order.next in published)) {
      const notifications = await pollUntil(
        () => notificationsAs(seedTenant, id),
        (list) => list.length >= 1,
        POLL_MS,
      );
      expect(notifications.map((n) => n.kind)).toEqual([published[next]]);
      expect(await notificationsAs(otherTenant, id)).toEqual([]);
    }
  }, 240_000);
});
