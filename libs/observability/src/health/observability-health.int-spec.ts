import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { RabbitMqPublisher } from '@cqrs-ddd/outbox/rabbitmq';
import { testAmqpUrl, testRedisUrl } from '@cqrs-ddd/outbox/testing';
import { ProjectionsService } from '@cqrs-ddd/projections';
import { RedisModule } from '@cqrs-ddd/redis';
import { MongooseModule } from '@nestjs/mongoose';
import pg from 'pg';
import request from 'supertest';
import {
  BalanceProjection,
  Deposited,
  type HealthApp,
  startHealthApp,
} from './health-app.fixture.js';

type Ready = Awaited<ReturnType<HealthApp['ready']>>;

/** A publisher of the deposits to RabbitMQ's built-in `amq.topic` exchange (nothing to clean). */
function rabbitMqPublisher(name: string, url: string) {
  return {
    name,
    select: { types: [Deposited.type] },
    transport: new RabbitMqPublisher({
      url,
      exchange: 'amq.topic',
      assertExchange: false,
      connectTimeoutMs: 1_000,
    }),
  };
}

describe('ObservabilityHealthModule on real PostgreSQL, MongoDB, Redis and RabbitMQ', () => {
  let health: HealthApp;
  const ready = () => health.ready();
  /** Ready answers 200 with every processor caught up. */
  const caughtUp = (r: Ready) =>
    r.status === 200 &&
    (r.body.details.projections?.balances as { eventsBehind?: number })?.eventsBehind === 0 &&
    (r.body.details.outbox?.['to-rabbitmq'] as { eventsBehind?: number })?.eventsBehind === 0;

  beforeAll(async () => {
    health = await startHealthApp(
      { maxTransactionAgeSeconds: 1, processors: { maxEventsBehind: 1 } },
      [rabbitMqPublisher('to-rabbitmq', testAmqpUrl())],
      [
        RedisModule.forRoot({ url: testRedisUrl() }),
        MongooseModule.forRoot(process.env.MONGO_URL!, {
          dbName: `health_${randomBytes(4).toString('hex')}`,
        }),
      ],
    );
  });
  afterAll(async () => {
    await health.close();
  });

  it('GET /health/live answers 200 { status: "ok" }', async () => {
    const response = await request(health.app.getHttpServer()).get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with a check of every dependency the app has', async () => {
    await health.deposit();
    const published = (r: Ready) =>
      ((r.body.details.broker?.['to-rabbitmq'] as { published?: number })?.published ?? 0) > 0;
    const { status, body } = await pollUntil(ready, (r) => caughtUp(r) && published(r), 15_000);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      error: {},
      info: {
        database: { status: 'up' },
        transactions: { status: 'up', maxAgeSeconds: 1 },
        mongodb: { status: 'up' },
        redis: { status: 'up' },
        projections: { status: 'up', balances: { status: 'up', states: ['running'] } },
        outbox: { status: 'up', 'to-rabbitmq': { status: 'up', parked: 0 } },
        broker: {
          status: 'up',
          'to-rabbitmq': { status: 'up', transport: 'RabbitMqPublisher', failed: 0 },
        },
      },
    });
    expect(body.info?.broker?.['to-rabbitmq']).toMatchObject({
      published: expect.any(Number),
      lastPublishedAt: expect.any(String),
    });
    expect(body.info?.projections?.balances).toMatchObject({ checkpoints: [expect.any(String)] });
  });

  it('turns 503 while a projection lags more events than allowed, and 200 once it caught up', async () => {
    const processors = health.app.get(ProjectionsService).runtime(BalanceProjection).processors();
    await processors.pause();
    let seen: Ready;
    try {
      await health.deposit();
      await health.deposit();
      seen = await pollUntil(ready, (r) => r.body.error?.projections !== undefined, 10_000);
    } finally {
      processors.resume();
    }
    expect(seen.status).toBe(503);
    expect(seen.body.status).toBe('error');
    const balances = seen.body.error!.projections!.balances as Record<string, unknown>;
    expect(balances).toMatchObject({
      status: 'down',
      states: ['paused'],
      reason: expect.stringMatching(/^\d+ events behind \(more than 1\)$/),
    });
    expect(balances.eventsBehind).toBeGreaterThanOrEqual(2);
    expect(seen.body.info).toMatchObject({ database: { status: 'up' } });
    expect((await pollUntil(ready, caughtUp, 15_000)).status).toBe(200);
  });

  it('turns 503 while a projection is stopped, and 200 once it runs again', async () => {
    const runtime = health.app.get(ProjectionsService).runtime(BalanceProjection);
    await runtime.stop();
    let seen: Ready;
    try {
      seen = await ready();
    } finally {
      await runtime.start();
    }
    expect(seen.status).toBe(503);
    expect(seen.body.error).toEqual({
      projections: { status: 'down', balances: expect.objectContaining({ status: 'down' }) },
    });
    expect(seen.body.error!.projections!.balances).toMatchObject({
      states: [],
      reason: 'not running',
    });
    expect((await pollUntil(ready, caughtUp, 15_000)).status).toBe(200);
  });

  it('turns 503 while another connection holds a transaction open too long, 200 after COMMIT', async () => {
    const holder = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      application_name: 'health-test-holder',
    });
    await holder.connect();
    try {
      await holder.query('begin');
      const { rows } = await holder.query<{ pid: number }>(
        'select pg_backend_pid() as pid, pg_current_xact_id()',
      );
      const seen = await pollUntil(ready, (r) => r.body.error?.transactions !== undefined, 10_000);
      expect(seen.status).toBe(503);
      const transactions = seen.body.error!.transactions! as {
        oldestTransaction: { seconds: number };
      };
      expect(transactions).toMatchObject({
        status: 'down',
        maxAgeSeconds: 1,
        oldestTransaction: {
          pid: rows[0]!.pid,
          state: 'idle in transaction',
          applicationName: 'health-test-holder',
          holdsTransactionId: true,
        },
      });
      expect(transactions.oldestTransaction.seconds).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(seen.body)).not.toContain('pg_current_xact_id'); // no query text
      await holder.query('commit');
      const after = await pollUntil(ready, (r) => r.body.info?.transactions !== undefined, 10_000);
      expect(after.body.info!.transactions).toMatchObject({ status: 'up', maxAgeSeconds: 1 });
    } finally {
      await holder.end();
    }
    expect((await pollUntil(ready, caughtUp, 15_000)).status).toBe(200);
  });

  it('turns 503 while an outbox publisher cannot reach its broker, naming the error', async () => {
    const unreachable = await startHealthApp({}, [
      rabbitMqPublisher('to-nowhere', 'amqp://guest:guest@127.0.0.1:1'),
    ]);
    let seen: Ready;
    try {
      await unreachable.deposit();
      seen = await pollUntil(
        () => unreachable.ready(),
        (r) => r.body.error?.broker !== undefined,
        10_000,
      );
    } finally {
      await unreachable.close();
    }
    expect(seen.status).toBe(503);
    expect(seen.body.error!.broker).toMatchObject({
      status: 'down',
      'to-nowhere': {
        status: 'down',
        transport: 'RabbitMqPublisher',
        lastError: expect.stringContaining('cannot connect'),
      },
    });
    expect((seen.body.error!.broker!['to-nowhere'] as { failed: number }).failed).toBeGreaterThan(
      0,
    );
  });
});
