import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphqlWsStreams } from '@cqrs-ddd/streaming';
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
 * Subscriptions (`orderEvents`) run over graphql-ws on the same path, authenticated from the
 * connection's `Authorization` parameter (`@cqrs-ddd/streaming`).
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [GraphqlWsStreams],
      useFactory: (streams: GraphqlWsStreams) => ({
        path: GRAPHQL_PATH,
        autoSchemaFile: true,
        autoTransformHttpErrors: false,
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        // Stop graphql-ws after the streaming lib cut its sockets (else it waits for each
        // client's closing handshake, up to 30 s, before the app can shut down).
        stopOnApplicationShutdown: true,
        subscriptions: {
          'graphql-ws': { path: GRAPHQL_PATH, onConnect: (context) => streams.onConnect(context) },
        },
        // HTTP: { req }; graphql-ws: { extra } (the authenticated stream caller). The connection
        // parameters stay out: the identity guard would try to bind a principal from them.
        context: ({ req, extra }: { req?: unknown; extra?: unknown }) => ({ req, extra }),
      }),
    }),
  ],
  providers: [OrderMutationsResolver, OrderQueriesResolver],
})
export class GraphqlApiModule {}
