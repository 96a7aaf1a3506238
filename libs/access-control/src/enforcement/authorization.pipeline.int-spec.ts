import { CqrsDddModule } from '@cqrs-ddd/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { ClientProxyFactory, type ClientProxy, Transport as Nest } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AccessControlModule } from '../module/access-control.module.js';
import {
  ORDER_ACCESS,
  principal,
  RecordingDenials,
  RecordingOrderLoader,
} from './access-control-test.fixture.js';
import { Journal, ORDERS_APP_PROVIDERS } from './authorization-pipeline.app.fixture.js';
import {
  brokerTransport,
  cliTransport,
  formatGraphQLError,
  graphqlTransport,
  OrdersConsumer,
  OrdersController,
  OrdersResolver,
  restTransport,
  TestIdentityGuard,
  type Transport,
} from './authorization-pipeline.transports.fixture.js';

const NATS_SERVERS = [process.env.NATS_URL ?? 'nats://127.0.0.1:4222'];

const approver = principal('ann', ['order:approver'], { approvalLimit: 1000, region: 'eu' });
const writer = principal('wes', ['order:writer'], { region: 'eu' });

describe('authorization step in a Nest app: every transport is checked at the bus', () => {
  let app: INestApplication;
  let client: ClientProxy;
  let journal: Journal;
  let loader: RecordingOrderLoader;
  const denials = new RecordingDenials();
  const transports: Transport[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ pipeline: { logging: false } }),
        AccessControlModule.forRoot(ORDER_ACCESS),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          autoTransformHttpErrors: false,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
      ],
      controllers: [OrdersController, OrdersConsumer],
      providers: [
        ...ORDERS_APP_PROVIDERS,
        OrdersResolver,
        { provide: APP_GUARD, useClass: TestIdentityGuard },
        { provide: RecordingDenials, useValue: denials },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice(
      { transport: Nest.NATS, options: { servers: NATS_SERVERS } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    client = ClientProxyFactory.create({
      transport: Nest.NATS,
      options: { servers: NATS_SERVERS },
    });
    await client.connect();
    journal = app.get(Journal);
    loader = app.get(RecordingOrderLoader);
    transports.push(
      restTransport(baseUrl),
      graphqlTransport(baseUrl),
      brokerTransport(client),
      cliTransport(app.get(CommandBus)),
    );
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
  });
  beforeEach(() => {
    journal.entries.length = 0;
    loader.loaded.length = 0;
    denials.denials.length = 0;
  });

  /** `send` through every transport, by transport name. */
  async function everyTransport(send: (transport: Transport) => Promise<unknown>) {
    expect(transports.map((t) => t.name)).toEqual(['REST', 'GraphQL', 'broker (NATS)', 'CLI']);
    const outcomes: Record<string, unknown> = {};
    for (const transport of transports) outcomes[transport.name] = await send(transport);
    return outcomes;
  }
  const each = (outcome: unknown) => ({
    REST: outcome,
    GraphQL: outcome,
    'broker (NATS)': outcome,
    CLI: outcome,
  });

  it('denies a command without @Authorize on every transport, and reports each denial', async () => {
    await expect(everyTransport((t) => t.send(approver, 'archive'))).resolves.toEqual(
      each({ code: 'FORBIDDEN' }),
    );
    expect(journal.entries).toEqual([]);
    expect(denials.denials.map((d) => d.decision.reason)).toEqual(
      Array(4).fill(expect.stringContaining("add @Authorize('<resource>:<verb>')")),
    );
  });

  it('runs a permitted command, loading the order for the approval-limit rule', async () => {
    await expect(everyTransport((t) => t.send(approver, 'confirm', 'small'))).resolves.toEqual(
      each({ result: 'confirmed small' }),
    );
    expect(journal.entries).toEqual(Array(4).fill('confirmed small'));
    expect(loader.loaded).toEqual(Array(4).fill('small'));
  });

  it("denies it when the loaded order's total exceeds the approver's limit", async () => {
    await expect(everyTransport((t) => t.send(approver, 'confirm', 'large'))).resolves.toEqual(
      each({ code: 'FORBIDDEN' }),
    );
    expect(journal.entries).toEqual([]);
    expect(loader.loaded).toEqual(Array(4).fill('large'));
    expect(new Set(denials.denials.map((d) => d.decision.policy))).toEqual(
      new Set(['approval limit']),
    );
  });

  it('denies a caller whose roles lack the permission (no escalation through any transport)', async () => {
    await expect(everyTransport((t) => t.send(writer, 'confirm', 'small'))).resolves.toEqual(
      each({ code: 'FORBIDDEN' }),
    );
    expect(journal.entries).toEqual([]);
    expect(loader.loaded).toEqual([]);
  });

  it('refuses a command sent without a principal on every transport', async () => {
    await expect(everyTransport((t) => t.send(undefined, 'confirm', 'small'))).resolves.toEqual(
      each({ code: 'UNAUTHENTICATED' }),
    );
    expect(journal.entries).toEqual([]);
  });

  it('answers NOT_FOUND for an order that does not exist', async () => {
    await expect(everyTransport((t) => t.send(approver, 'confirm', 'ghost'))).resolves.toEqual(
      each({ code: 'NOT_FOUND' }),
    );
  });

  it('pushes the region rule down into a list query sent through the bus', async () => {
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const list = async (caller: typeof approver) => {
      const response = await fetch(`${baseUrl}/orders`, {
        headers: { 'x-test-principal': Buffer.from(JSON.stringify(caller)).toString('base64url') },
      });
      return response.json();
    };
    await expect(list(approver)).resolves.toEqual(['small']);
    await expect(list(principal('ulf', ['order:reader'], { region: 'us' }))).resolves.toEqual([
      'large',
    ]);
    await expect(list(principal('ada', ['order:auditor']))).resolves.toEqual(['large', 'small']);
  });
});
