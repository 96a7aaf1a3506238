import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CqrsDddModule, RequestContext } from '@cqrs-ddd/core';
import { installInMemoryTracing, type InMemoryTracing } from '@cqrs-ddd/core/testing';
import {
  Controller,
  Headers,
  type INestApplication,
  Logger as NestLogger,
  Post,
} from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { ObservabilityLoggingModule } from './observability-logging.module.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

class PlaceOrder {}
class ReserveStock {}

@CommandHandler(ReserveStock)
class ReserveStockHandler implements ICommandHandler<ReserveStock> {
  private readonly logger = new NestLogger(ReserveStockHandler.name);
  async execute(): Promise<void> {
    this.logger.log('reserving stock');
  }
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  private readonly logger = new NestLogger(PlaceOrderHandler.name);
  constructor(private readonly commandBus: CommandBus) {}

  /** Logs, dispatches a nested command, and logs inside a span of its own; returns its span id. */
  async execute(): Promise<string> {
    this.logger.log('placing order');
    await this.commandBus.execute(new ReserveStock());
    return trace.getTracer('logging-test').startActiveSpan('price order', (span) => {
      this.logger.warn('pricing order');
      span.end();
      return span.spanContext().spanId;
    });
  }
}

@Controller('orders')
class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly context: RequestContext,
  ) {}

  @Post()
  async place(@Headers('x-tenant') tenant: string): Promise<{ spanId: string }> {
    this.context.setTenantId(tenant);
    return { spanId: await this.commandBus.execute<PlaceOrder, string>(new PlaceOrder()) };
  }
}

type Line = Record<string, unknown>;

describe('ObservabilityLoggingModule: JSON lines with the context ids', () => {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const lines = () => written.map((text) => JSON.parse(text) as Line);
  const lineWith = (msg: string) => lines().find((line) => line.msg === msg);
  let tracing: InMemoryTracing;
  let app: INestApplication;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsDddModule.forRoot(), ObservabilityLoggingModule.register({ stream }, 'shop')],
      controllers: [OrdersController],
      providers: [PlaceOrderHandler, ReserveStockHandler],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await tracing.uninstall();
  });

  it('writes every line, Nest logs included, as JSON with the service name', async () => {
    NestLogger.log('outside any request', 'Test');
    expect(written.length).toBeGreaterThan(0);
    for (const line of lines()) expect(line).toMatchObject({ service: 'shop' });
    const outside = lineWith('outside any request');
    expect(outside).toMatchObject({ level: 30, context: 'Test' });
    for (const key of ['correlationId', 'tenantId', 'messageId', 'traceId', 'spanId']) {
      expect(outside).not.toHaveProperty(key);
    }
  });

  it("puts the request's correlation, causation, message, tenant, trace and span ids on its lines", async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set('traceparent', TRACEPARENT)
      .set('x-correlation-id', 'corr-logs-1')
      .set('x-tenant', 'acme')
      .set('authorization', 'Bearer very-secret-token');
    expect(response.status).toBe(201);

    const placing = lineWith('placing order');
    expect(placing).toMatchObject({
      context: 'PlaceOrderHandler',
      correlationId: 'corr-logs-1',
      tenantId: 'acme',
      messageId: expect.any(String),
      traceId: TRACE_ID,
      spanId: expect.stringMatching(/^[\da-f]{16}$/),
    });
    // The nested command was caused by the first one.
    expect(lineWith('reserving stock')).toMatchObject({
      correlationId: 'corr-logs-1',
      tenantId: 'acme',
      causationId: placing!.messageId,
      traceId: TRACE_ID,
    });
    // Inside an active OpenTelemetry span: its ids.
    expect(lineWith('pricing order')).toMatchObject({
      level: 40,
      correlationId: 'corr-logs-1',
      traceId: TRACE_ID,
      spanId: (response.body as { spanId: string }).spanId,
    });
    // pino-http's line of the request, with its credentials redacted.
    const completed = lineWith('request completed');
    expect(completed).toMatchObject({
      res: { statusCode: 201 },
      correlationId: 'corr-logs-1',
      traceId: TRACE_ID,
    });
    expect(written.join('\n')).not.toContain('very-secret-token');
  });
});
