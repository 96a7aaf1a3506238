// `@cqrs-ddd/outbox/nats`: the NATS JetStream transport (needs `@nats-io/transport-node` and `@nats-io/jetstream`).
export * from './nats-jetstream-publisher.options.js';
export * from './nats-jetstream.publisher.js';
