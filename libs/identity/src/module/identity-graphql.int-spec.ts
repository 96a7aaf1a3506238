import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CqrsDddModule,
  currentRequestContext,
  isCqrsDddError,
  type Principal,
} from '@cqrs-ddd/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { Field, GraphQLModule, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import type { GraphQLFormattedError } from 'graphql';
import request from 'supertest';
import { signToken, TEST_SECRET, withForgedClaims } from '../jwt/jwt-test-tokens.fixture.js';
import { CurrentPrincipal } from '../principal/current-principal.decorator.js';
import { Public } from '../principal/public.decorator.js';
import { IdentityModule } from './identity.module.js';

@ObjectType()
class Caller {
  @Field(() => String, { nullable: true }) id!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, { nullable: true }) contextId!: string | null;
}

@Resolver()
class CallerResolver {
  @Query(() => Caller)
  me(@CurrentPrincipal() principal: Principal | undefined): Caller {
    return {
      id: principal?.id ?? null,
      roles: [...(principal?.roles ?? [])],
      contextId: currentRequestContext()?.principal?.id ?? null,
    };
  }

  @Public()
  @Query(() => String)
  ping(): string {
    return 'pong';
  }
}

describe('IdentityGuard on GraphQL operations', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ pipeline: { logging: false } }),
        IdentityModule.forRoot({ strategies: { jwt: { secret: TEST_SECRET } } }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          includeStacktraceInErrorResponses: false,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: (formatted: GraphQLFormattedError, error: unknown) => {
            const original = (error as { originalError?: unknown }).originalError;
            const code = isCqrsDddError(original) ? original.code : 'INTERNAL';
            return { message: formatted.message, extensions: { code } };
          },
        }),
      ],
      providers: [CallerResolver],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  const query = (body: string, token?: string) => {
    const call = request(app.getHttpServer()).post('/graphql');
    return (token === undefined ? call : call.set('Authorization', `Bearer ${token}`)).send({
      query: body,
    });
  };

  it('puts the token principal into @CurrentPrincipal() and the request context', async () => {
    const token = await signToken({ sub: 'gina', roles: ['order:reader'] });
    const response = await query('{ me { id roles contextId } }', token).expect(200);
    expect(response.body).toEqual({
      data: { me: { id: 'gina', roles: ['order:reader'], contextId: 'gina' } },
    });
  });

  it('answers UNAUTHENTICATED without a token or with a forged one, and serves @Public() fields', async () => {
    const anonymous = await query('{ me { id } }');
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = withForgedClaims(await signToken({ sub: 'gina', roles: [] }), {
      sub: 'gina',
      roles: ['admin'],
    });
    const refused = await query('{ me { id } }', forged);
    expect(refused.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/signature is invalid/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(JSON.stringify(refused.body)).not.toContain(forged);
    await expect(query('{ ping }').then((response) => response.body)).resolves.toEqual({
      data: { ping: 'pong' },
    });
  });
});
