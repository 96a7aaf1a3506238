// `@cqrs-ddd/outbox/redis`: the Redis Streams transport (needs the `ioredis` peer dependency).
export * from './redis-streams-publisher.options.js';
export * from './redis-streams.publisher.js';
