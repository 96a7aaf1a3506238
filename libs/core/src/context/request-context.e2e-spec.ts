import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Headers, Injectable, Post, type INestApplication } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CqrsDddModule } from '../module/cqrs-ddd.module.js';
import type { RequestContextState } from './request-context-state.js';
import { RequestContext } from './request-context.service.js';

const CONCURRENT = 20;

/** Holds every handler until `size` of them have arrived, so requests truly overlap. */
@Injectable()
class Barrier {
  private arrived = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));
  size = Number.POSITIVE_INFINITY;

  async wait(): Promise<void> {
    this.arrived += 1;
    if (this.arrived >= this.size) this.open();
    await this.opened;
  }
}

class PlaceOrder {
  constructor(readonly waitForOthers: boolean) {}
}
class ReserveStock {}

interface Seen {
  outer: RequestContextState;
  inner: RequestContextState;
}

@CommandHandler(ReserveStock)
class ReserveStockHandler implements ICommandHandler<ReserveStock> {
  constructor(private readonly context: RequestContext) {}
  async execute(): Promise<RequestContextState> {
    return this.context.state!;
  }
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly context: RequestContext,
    private readonly commandBus: CommandBus,
    private readonly barrier: Barrier,
  ) {}
  async execute(command: PlaceOrder): Promise<Seen> {
    if (command.waitForOthers) await this.barrier.wait();
    const outer = this.context.state!;
    const inner = await this.commandBus.execute<ReserveStock, RequestContextState>(
      new ReserveStock(),
    );
    return { outer, inner };
  }
}

@Controller('orders')
class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly context: RequestContext,
  ) {}

  @Post()
  async place(
    @Headers('x-tenant') tenant: string | undefined,
    @Body() body: { waitForOthers?: boolean },
  ): Promise<Seen & { request: RequestContextState }> {
    if (tenant) this.context.setTenantId(tenant);
    const seen = await this.commandBus.execute<PlaceOrder, Seen>(
      new PlaceOrder(body.waitForOthers === true),
    );
    return { ...seen, request: this.context.state! };
  }
}

describe('request context over real HTTP (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsDddModule.forRoot({ pipeline: { logging: false } })],
      controllers: [OrdersController],
      providers: [Barrier, PlaceOrderHandler, ReserveStockHandler],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('propagates the X-Correlation-Id header into the handler and nested commands, and echoes it', async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set('X-Correlation-Id', 'corr-e2e-1')
      .send({})
      .expect(201);
    const { outer, inner, request: req } = response.body as Seen & { request: RequestContextState };
    expect(response.headers['x-correlation-id']).toBe('corr-e2e-1');
    expect(req.correlationId).toBe('corr-e2e-1');
    expect(outer.correlationId).toBe('corr-e2e-1');
    expect(outer.causationId).toBeUndefined();
    expect(inner.correlationId).toBe('corr-e2e-1');
    expect(inner.causationId).toBe(outer.messageId);
    expect(inner.messageId).not.toBe(outer.messageId);
  });

  it('takes the correlation id from traceparent, and generates one when none is sent', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = await request(app.getHttpServer())
      .post('/orders')
      .set('traceparent', traceparent)
      .send({});
    expect(traced.body.outer).toMatchObject({
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
      traceparent,
    });

    const plain = await request(app.getHttpServer()).post('/orders').send({}).expect(201);
    const generated = plain.headers['x-correlation-id'];
    expect(generated).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(plain.body.inner.correlationId).toBe(generated);
  });

  it("never lets concurrent requests see each other's context", async () => {
    app.get(Barrier).size = CONCURRENT;
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, index) =>
        request(app.getHttpServer())
          .post('/orders')
          .set('X-Correlation-Id', `corr-${index}`)
          .set('X-Tenant', `tenant-${index}`)
          .send({ waitForOthers: true })
          .expect(201),
      ),
    );
    responses.forEach((response, index) => {
      const {
        outer,
        inner,
        request: req,
      } = response.body as Seen & { request: RequestContextState };
      for (const state of [req, outer, inner]) {
        expect(state).toMatchObject({
          correlationId: `corr-${index}`,
          tenantId: `tenant-${index}`,
        });
      }
      expect(inner.causationId).toBe(outer.messageId);
    });
    const messageIds = responses.map((r) => (r.body as Seen).outer.messageId);
    expect(new Set(messageIds).size).toBe(CONCURRENT);
  });
});
