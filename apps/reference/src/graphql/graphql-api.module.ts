import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { OrderMutationsResolver } from './order-mutations.resolver.js';
import { OrderQueriesResolver } from './order-queries.resolver.js';
import { formatGraphQLError } from './to-graphql-error.js';

/** Path of the GraphQL endpoint. */
export const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL API of the reference app at `/graphql`: code-first (the schema is generated in
 * memory from the resolvers and types; DESIGN.md §6 lists it), Apollo Server 5 on Express.
 * Resolvers only send commands and queries; errors are mapped by the app's global exception
 * filter (shared with REST) to `extensions.code`, and `formatError` hides server faults.
 */
@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: GRAPHQL_PATH,
      autoSchemaFile: true,
      autoTransformHttpErrors: false,
      includeStacktraceInErrorResponses: false,
      formatError: formatGraphQLError,
      context: ({ req }: { req: unknown }) => ({ req }),
    }),
  ],
  providers: [OrderMutationsResolver, OrderQueriesResolver],
})
export class GraphqlApiModule {}
