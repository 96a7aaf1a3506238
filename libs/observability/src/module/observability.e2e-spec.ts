import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatTraceparent } from '@cqrs-ddd/core';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  type PlaceOrderAnswer,
  Public,
  createObservabilityTestApp,
} from './observability-test-app.fixture.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const CALLER = `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`;

function traceparentOf(span: ReadableSpan): string {
  return formatTraceparent(span.spanContext());
}

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The value of one sample line of the exposition, e.g. `http_requests_total{...}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ObservabilityModule with tracing (in-memory exporter) and metrics', () => {
  const exporter = new InMemorySpanExporter();
  let app: INestApplication;

  beforeAll(async () => {
    app = await createObservabilityTestApp({
      serviceName: 'orders-test',
      tracing: { exporter, simple: true },
      endpointDecorators: [Public()],
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('continues the caller trace: HTTP span, then the command span as its child', async () => {
    exporter.reset();
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set('x-allow', 'yes')
      .set('traceparent', CALLER)
      .send({})
      .expect(201);
    const answer = response.body as PlaceOrderAnswer;

    const spans = exporter.getFinishedSpans();
    const http = only(spans, 'POST /orders');
    const command = only(spans, 'command PlaceOrder');
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.spanContext().traceId).toBe(TRACE_ID);
    expect(http.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/orders',
      'http.response.status_code': 201,
    });
    expect(http.resource.attributes['service.name']).toBe('orders-test');
    expect(command.spanContext().traceId).toBe(TRACE_ID);
    expect(command.parentSpanContext?.spanId).toBe(http.spanContext().spanId);

    // The HTTP span is the request context's traceparent for the whole handling (so the
    // middleware runs after core's request context), and the command's inside the command.
    expect(answer.controller.contextTraceparent).toBe(traceparentOf(http));
    expect(answer.controller.activeTraceparent).toBe(traceparentOf(http));
    expect(answer.handler.contextTraceparent).toBe(traceparentOf(command));
  });

  it('starts a new trace without a caller traceparent, and names spans by route template', async () => {
    exporter.reset();
    await request(app.getHttpServer()).get('/orders/42').set('x-allow', 'yes').expect(200);

    const http = only(exporter.getFinishedSpans(), 'GET /orders/:id');
    expect(http.parentSpanContext).toBeUndefined();
    expect(http.attributes['http.route']).toBe('/orders/:id');
  });

  it('ends the HTTP span of requests no route handled, with their status', async () => {
    exporter.reset();
    await request(app.getHttpServer()).get('/nowhere').set('x-allow', 'yes').expect(404);

    const http = only(exporter.getFinishedSpans(), 'GET');
    expect(http.attributes['http.response.status_code']).toBe(404);
    expect(http.attributes['http.route']).toBeUndefined();
  });

  it('exposes the series at /metrics with sane values after traffic', async () => {
    const server = app.getHttpServer();
    const scrape = async () => {
      const response = await request(server).get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text;
    };
    const before = await scrape();
    const created = (text: string) =>
      sample(text, 'http_requests_total{method="POST",route="/orders",status="201"}') ?? 0;
    const succeeded = (text: string) =>
      sample(text, 'cqrs_messages_total{kind="command",type="PlaceOrder",outcome="success"}') ?? 0;

    for (let index = 0; index < 3; index += 1) {
      await request(server).post('/orders').set('x-allow', 'yes').send({}).expect(201);
    }
    await request(server).post('/orders').set('x-allow', 'yes').send({ fail: true }).expect(422);
    await request(server).get('/no/such/path').expect(404);
    await request(server)
      .post('/orders')
      .set('x-allow', 'yes')
      .set('content-type', 'application/json')
      .send('{"broken":')
      .expect(400);

    const text = await scrape();
    expect(created(text) - created(before)).toBe(3);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/orders",status="201"}',
      ),
    ).toBe(created(text));
    expect(sample(text, 'http_requests_total{method="POST",route="/orders",status="422"}')).toBe(1);
    expect(
      sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total{method="POST",route="unmatched",status="400"}')).toBe(
      1,
    );
    expect(succeeded(text) - succeeded(before)).toBe(3);
    expect(
      sample(
        text,
        'cqrs_message_duration_seconds_count{kind="command",type="PlaceOrder",outcome="success"}',
      ),
    ).toBe(succeeded(text));
    expect(
      sample(text, 'cqrs_messages_total{kind="command",type="PlaceOrder",outcome="error"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'cqrs_message_errors_total{kind="command",type="PlaceOrder",code="DOMAIN_RULE_VIOLATION"}',
      ),
    ).toBe(1);
    const sum = sample(
      text,
      'cqrs_message_duration_seconds_sum{kind="command",type="PlaceOrder",outcome="success"}',
    )!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(10);
    // Node's default metrics, and the scrape of /metrics itself (public through the decorator).
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(
      sample(text, 'http_requests_total{method="GET",route="/metrics",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('keeps the app routes behind the app guard (decorators apply to /metrics only)', async () => {
    await request(app.getHttpServer()).post('/orders').send({}).expect(403);
  });
});

describe('ObservabilityModule without tracing', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createObservabilityTestApp({
      metrics: { path: '/internal/prometheus/', defaultMetrics: false },
      health: {},
      endpointDecorators: [Public()],
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('registers no tracer: no span, the caller traceparent stays as it came', async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set('x-allow', 'yes')
      .set('traceparent', CALLER)
      .send({})
      .expect(201);
    const answer = response.body as PlaceOrderAnswer;

    const probe = trace.getTracer('probe').startSpan('probe');
    expect(probe.isRecording()).toBe(false);
    probe.end();
    expect(answer.controller).toEqual({ contextTraceparent: CALLER, activeTraceparent: CALLER });
    expect(answer.handler).toEqual({ contextTraceparent: CALLER, activeTraceparent: CALLER });
  });

  it('serves the metrics at the configured path, without default metrics', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(404);
    const { text } = await request(app.getHttpServer()).get('/internal/prometheus').expect(200);
    expect(
      sample(text, 'cqrs_messages_total{kind="command",type="PlaceOrder",outcome="success"}'),
    ).toBe(1);
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('serves the health endpoints of the health part, public through the same decorators', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });
});

describe('ObservabilityModule in a second app of the process', () => {
  it('registers its tracer again once the first app closed', async () => {
    for (const round of [1, 2]) {
      const exporter = new InMemorySpanExporter();
      const app = await createObservabilityTestApp({ tracing: { exporter, simple: true } });
      try {
        await request(app.getHttpServer())
          .get(`/orders/${round}`)
          .set('x-allow', 'yes')
          .expect(200);
        expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET /orders/:id']);
      } finally {
        await app.close();
      }
    }
  });
});
