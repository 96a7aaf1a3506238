// `@cqrs-ddd/outbox/rabbitmq`: the RabbitMQ transport (needs the `amqplib` peer dependency).
export * from './rabbitmq-publisher.options.js';
export * from './rabbitmq.publisher.js';
export * from './rabbitmq-consumer.topology.js';
export { type AmqpMessage, toAmqpMessage } from './rabbitmq.message.js';
