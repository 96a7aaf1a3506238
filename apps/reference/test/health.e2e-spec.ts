import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnitOfWork } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { EVENT_STORE_UNIT_OF_WORK } from '@cqrs-ddd/event-store';
import { ProjectionsService } from '@cqrs-ddd/projections';
import { OrderSummaryProjection } from '../src/orders/read-model/order-summary.projection.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { createOrder } from './support/orders-api.js';

describe('operations endpoints (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it("runs every command in the event store's transaction of the tenant's storage target (no explicit wiring)", () => {
    const unitOfWork = api.app.get(UnitOfWork);
    expect(unitOfWork).toBe(api.app.get(EVENT_STORE_UNIT_OF_WORK));
    // Multitenancy provides StorageTargets: the MikroORM unit of work of each tenant's target.
    expect(unitOfWork.constructor.name).toBe('RoutedUnitOfWork');
  });

  it('GET /health/live answers 200 and echoes a correlation id', async () => {
    const response = await api
      .anonymous()
      .get('/health/live')
      .set('X-Correlation-Id', 'e2e-health-1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['x-correlation-id']).toBe('e2e-health-1');
  });

  it('GET /health/ready checks the database and the projections', async () => {
    const response = await api.anonymous().get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        projections: { status: 'up', 'order-summary': { status: 'up', eventsBehind: 0 } },
      },
    });
  });

  it('GET /health/ready answers 503 with the failing check while a projection is stopped', async () => {
    const projection = api.app.get(ProjectionsService).runtime(OrderSummaryProjection);
    await projection.stop();
    try {
      const response = await api.anonymous().get('/health/ready');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { projections: { status: 'down', 'order-summary': { status: 'down' } } },
      });
    } finally {
      await projection.start();
    }
    // Restarted, the projection's partition is idle until it has its lease again.
    const ready = await pollUntil(
      async () => (await api.anonymous().get('/health/ready')).status,
      (status) => status === 200,
      5000,
    );
    expect(ready).toBe(200);
  });

  it('GET /metrics exposes HTTP and command metrics by route, status and type', async () => {
    const { id } = await createOrder(api, 'c-metrics');
    await api.http().post(`/orders/${id}/confirm`); // 422: an empty order
    await api.http().post('/orders').set('Content-Type', 'application/json').send('{');
    await api.http().post('/graphql').send({ query: '{ orders { nextCursor } }' });
    const response = await api.anonymous().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toMatch(
      /http_requests_total\{method="POST",route="\/orders",status="201"\} [1-9]/,
    );
    expect(text).toMatch(
      /http_requests_total\{method="POST",route="\/orders\/:id\/confirm",status="422"\} 1/,
    );
    expect(text).toMatch(/http_requests_total\{method="POST",route="unmatched",status="400"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/graphql",status="200"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/orders",status="201"\} [1-9]/,
    );
    expect(text).toMatch(
      /cqrs_messages_total\{kind="command",type="CreateOrderCommand",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(
      /cqrs_message_errors_total\{kind="command",type="ConfirmOrderCommand",code="DOMAIN_RULE_VIOLATION"\} 1/,
    );
    expect(text).toContain('cqrs_message_duration_seconds_bucket');
    expect(text).toMatch(
      /projection_events_behind\{target="shared",projection="order-summary",partition="0"\} \d+/,
    );
    expect(text).toMatch(
      /projection_seconds_behind\{target="shared",projection="order-summary",partition="0"\} [\d.]+/,
    );
    expect(text).toContain(
      'projection_parked_events{target="shared",projection="order-summary"} 0',
    );
    expect(text).toMatch(/cqrs_events_appended_total [1-9]/);
    expect(text).toMatch(/cqrs_event_append_duration_seconds_count\{outcome="success"\} [1-9]/);
    expect(text).toMatch(
      /cqrs_processor_events_total\{processor="projection:order-summary:g1",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(/cqrs_processor_running\{target="shared",processor="order-summary"\} 1/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('GET /docs serves Swagger UI and /docs-json the OpenAPI document of the REST API', async () => {
    const ui = await api.anonymous().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const json = await api.anonymous().get('/docs-json');
    expect(json.status).toBe(200);
    const document = json.body as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/audit',
      '/events/stream',
      '/feature-flags',
      '/feature-flags/{key}',
      '/orders',
      '/orders/{id}',
      '/orders/{id}/cancel',
      '/orders/{id}/confirm',
      '/orders/{id}/items',
      '/orders/{id}/items/{productId}',
      '/sagas',
      '/sagas/{name}/{id}',
      '/sagas/{name}/{id}/compensate',
      '/sagas/{name}/{id}/retry',
    ]);
    expect(Object.keys(document.paths['/orders']!).sort()).toEqual(['get', 'post']);
    const headers = document.paths['/orders/{id}/items']!.post!.parameters!.filter(
      (p) => p.in === 'header',
    );
    expect(headers.map((p) => p.name).sort()).toEqual(['Idempotency-Key', 'If-Match']);
    expect(Object.keys(document.components.schemas.AddOrderItemBody!.properties!)).toEqual([
      'productId',
      'quantity',
      'unitPrice',
    ]);
    expect(document.components.schemas.ProblemDetailsDto).toBeDefined();
  });
});
