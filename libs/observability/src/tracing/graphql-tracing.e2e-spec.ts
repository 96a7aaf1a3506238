import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CqrsDddModule } from '@cqrs-ddd/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  Field,
  GraphQLModule,
  Mutation,
  ObjectType,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { ObservabilityModule } from '../module/observability.module.js';

class Ping {}

@CommandHandler(Ping)
class PingHandler implements ICommandHandler<Ping> {
  async execute(): Promise<string> {
    return 'pong';
  }
}

@ObjectType()
class Order {
  @Field(() => String) id!: string;
  @Field(() => String) status!: string;
}

@Resolver(() => Order)
class OrderResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => String)
  ping(): Promise<string> {
    return this.commandBus.execute<Ping, string>(new Ping());
  }

  @Query(() => Order)
  order(): Omit<Order, 'status'> {
    return { id: 'o-1' };
  }

  @ResolveField(() => String)
  status(): string {
    return 'pending';
  }
}

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('GraphQL tracing', () => {
  const exporter = new InMemorySpanExporter();
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ pipeline: { logging: false } }),
        ObservabilityModule.forRoot({ tracing: { exporter, simple: true }, health: false }),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true }),
      ],
      providers: [OrderResolver, PingHandler],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('traces each root field as a child of the HTTP span, with the command inside', async () => {
    exporter.reset();
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .send({ query: 'mutation { ping }' })
      .expect(200);
    expect(response.body).toEqual({ data: { ping: 'pong' } });

    const spans = exporter.getFinishedSpans();
    const http = only(spans, 'POST /graphql');
    const field = only(spans, 'graphql mutation ping');
    const command = only(spans, 'command Ping');
    expect(field.spanContext().traceId).toBe(http.spanContext().traceId);
    expect(field.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(command.parentSpanContext?.spanId).toBe(field.spanContext().spanId);
  });

  it('leaves nested field resolvers untraced', async () => {
    exporter.reset();
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .send({ query: '{ order { id status } }' })
      .expect(200);
    expect(response.body).toEqual({ data: { order: { id: 'o-1', status: 'pending' } } });

    const names = exporter.getFinishedSpans().map((span) => span.name);
    expect(names.sort()).toEqual(['POST /graphql', 'graphql query order']);
  });

  it('counts GraphQL requests under the mount path at /metrics', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text).toMatch(
      /^http_requests_total\{method="POST",route="\/graphql",status="200"\} 2$/m,
    );
  });
});
