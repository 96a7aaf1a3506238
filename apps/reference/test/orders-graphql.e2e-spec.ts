import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { startApp, type E2eApp } from './support/e2e-app.js';

/** DESIGN.md §6, verbatim: the schema must contain exactly these. */
const DESIGN_SDL = /* GraphQL */ `
  type Mutation {
    createOrder(customerId: String!): OrderWriteResult!
    addOrderItem(
      orderId: ID!
      productId: String!
      quantity: Int!
      unitPrice: Float!
      expectedVersion: Int
    ): OrderWriteResult!
    removeOrderItem(orderId: ID!, productId: String!, expectedVersion: Int): OrderWriteResult!
    confirmOrder(orderId: ID!, expectedVersion: Int): OrderWriteResult!
    cancelOrder(orderId: ID!, expectedVersion: Int): OrderWriteResult!
  }
  type Query {
    order(id: ID!, minVersion: Int): Order
    orders(filter: String, sort: String, first: Int, after: String): OrderConnection!
  }
  type OrderWriteResult {
    id: ID!
    version: Int!
  }
  type Order {
    id: ID!
    customerId: String!
    status: String!
    items: [OrderItem!]!
    total: Float!
    itemCount: Int!
    version: Int!
    updatedAt: String!
  }
  type OrderItem {
    productId: String!
    quantity: Int!
    unitPrice: Float!
  }
  type OrderConnection {
    items: [Order!]!
    nextCursor: String
  }
  # Live order events over graphql-ws (the streaming wire-in of issue 11).
  type Subscription {
    orderEvents(after: String): OrderStreamEvent!
  }
  type OrderStreamEvent {
    id: String!
    type: String!
    orderId: ID!
    version: Int!
    occurredAt: String!
    customerId: String
    productId: String
    quantity: Int
    unitPrice: Float
  }
`;

const UNKNOWN_ID = '0190a7b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b';

/** Arbitrary JSON of a GraphQL response, navigated freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface GraphQLResponse {
  readonly status: number;
  readonly data?: Record<string, Json> | null;
  readonly errors?: { message: string; path?: string[]; extensions: Record<string, Json> }[];
}

/** Fields of an object type as `name(arg: Type, ...): Type` strings, in a stable order. */
function signatures(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .map((field) => {
      const args = field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).sort();
      return `${field.name}(${args.join(', ')}): ${String(field.type)}`;
    })
    .sort();
}

function objectTypes(schema: GraphQLSchema): Map<string, GraphQLObjectType> {
  return new Map(
    Object.values(schema.getTypeMap())
      .filter(
        (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'),
      )
      .map((type) => [type.name, type]),
  );
}

describe('GraphQL /graphql (e2e)', () => {
  let api: E2eApp;

  async function gql(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse> {
    const response = await api.http().post('/graphql').send({ query, variables });
    return { status: response.status, ...(response.body as object) };
  }

  async function createOrder(
    customerId = 'gql-customer',
  ): Promise<{ id: string; version: number }> {
    const result = await gql(
      'mutation($c: String!) { createOrder(customerId: $c) { id version } }',
      { c: customerId },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.createOrder;
  }

  beforeAll(async () => {
    api = await startApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('serves exactly the DESIGN.md §6 types, fields and arguments (introspected over HTTP)', async () => {
    const result = await gql(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    const served = objectTypes(buildClientSchema(result.data as unknown as IntrospectionQuery));
    const designed = objectTypes(buildSchema(DESIGN_SDL));
    expect([...served.keys()].sort()).toEqual([...designed.keys()].sort());
    for (const [name, type] of designed)
      expect(signatures(served.get(name)!)).toEqual(signatures(type));
  });

  it('runs every mutation and query', async () => {
    const { id, version } = await createOrder();
    expect(version).toBe(1);
    const add = await gql(
      `mutation($id: ID!) {
        a: addOrderItem(orderId: $id, productId: "sku-1", quantity: 2, unitPrice: 10.5, expectedVersion: 1) { id version }
      }`,
      { id },
    );
    expect(add.data).toEqual({ a: { id, version: 2 } });
    const more = await gql(
      `mutation($id: ID!) {
        b: addOrderItem(orderId: $id, productId: "sku-2", quantity: 1, unitPrice: 0.3) { version }
      }`,
      { id },
    );
    expect(more.data).toEqual({ b: { version: 3 } });
    const remove = await gql(
      'mutation($id: ID!) { removeOrderItem(orderId: $id, productId: "sku-2", expectedVersion: 3) { id version } }',
      { id },
    );
    expect(remove.data).toEqual({ removeOrderItem: { id, version: 4 } });
    const confirm = await gql('mutation($id: ID!) { confirmOrder(orderId: $id) { version } }', {
      id,
    });
    expect(confirm.data).toEqual({ confirmOrder: { version: 5 } });

    const read = await gql(
      `query($id: ID!) {
        order(id: $id, minVersion: 5) {
          id customerId status total itemCount version updatedAt items { productId quantity unitPrice }
        }
      }`,
      { id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.order).toEqual({
      id,
      customerId: 'gql-customer',
      status: 'confirmed',
      total: 21,
      itemCount: 2,
      version: 5,
      updatedAt: expect.any(String),
      items: [{ productId: 'sku-1', quantity: 2, unitPrice: 10.5 }],
    });

    const other = await createOrder('gql-cancel');
    const cancel = await gql(
      'mutation($id: ID!) { cancelOrder(orderId: $id, expectedVersion: 1) { version } }',
      {
        id: other.id,
      },
    );
    expect(cancel.data).toEqual({ cancelOrder: { version: 2 } });
  });

  it('pages through orders with filter, sort, first and after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createOrder('gql-page')).id);
    for (const id of ids) {
      const ready = await gql('query($id: ID!) { order(id: $id, minVersion: 1) { id } }', { id });
      expect(ready.data!.order).toEqual({ id });
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: GraphQLResponse = await gql(
        `query($after: String) {
          orders(filter: "customerId:eq:gql-page", sort: "updatedAt", first: 2, after: $after) {
            items { id } nextCursor
          }
        }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.orders.items.map((item: { id: string }) => item.id));
      after = page.data!.orders.nextCursor;
    } while (after);
    expect(seen).toEqual(ids);
  });

  it('answers null for an unknown order', async () => {
    const result = await gql('query($id: ID!) { order(id: $id) { id } }', { id: UNKNOWN_ID });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ order: null });
  });

  it('errors carry extensions.code: BAD_USER_INPUT with every field', async () => {
    const result = await gql(
      `mutation { addOrderItem(orderId: "nope", productId: "", quantity: 0, unitPrice: 1.234) { id } }`,
    );
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    const [error] = result.errors!;
    expect(error!.extensions.code).toBe('BAD_USER_INPUT');
    expect(error!.extensions.errorCode).toBe('VALIDATION_FAILED');
    expect(new Set(error!.extensions.errors.map((e: { path: string }) => e.path))).toEqual(
      new Set(['orderId', 'productId', 'quantity', 'unitPrice']),
    );
    const badFilter = await gql('{ orders(filter: "colour:eq:red") { items { id } } }');
    expect(badFilter.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('errors carry extensions.code: NOT_FOUND, CONFLICT, DOMAIN_RULE_VIOLATION', async () => {
    const missing = await gql('mutation($id: ID!) { confirmOrder(orderId: $id) { id } }', {
      id: UNKNOWN_ID,
    });
    expect(missing.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(missing.errors![0]!.path).toEqual(['confirmOrder']);
    expect(missing.errors![0]!.extensions.correlationId).toEqual(expect.any(String));

    const { id } = await createOrder();
    const stale = await gql(
      'mutation($id: ID!) { cancelOrder(orderId: $id, expectedVersion: 7) { id } }',
      { id },
    );
    expect(stale.errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      errorCode: 'CONCURRENCY_CONFLICT',
      expectedVersion: 7,
      actualVersion: 1,
    });

    const empty = await gql('mutation($id: ID!) { confirmOrder(orderId: $id) { id } }', { id });
    expect(empty.errors![0]!.extensions).toMatchObject({
      code: 'DOMAIN_RULE_VIOLATION',
      rule: expect.any(String),
    });
  });

  it('leaves GraphQL request errors to Apollo, without a 500', async () => {
    const syntax = await gql('mutation { createOrder(');
    expect(syntax.status).toBe(400);
    expect(syntax.errors![0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const badVariable = await gql('mutation($c: String!) { createOrder(customerId: $c) { id } }', {
      c: 42,
    });
    expect(badVariable.status).toBe(400);
    expect(badVariable.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});
