import { testAmqpUrl, uniqueBrokerName } from '@cqrs-ddd/outbox/testing';
import { connect } from 'amqplib';

/** RabbitMQ names of one e2e test file's app, and their clean-up. */
export interface E2eBrokerTopology {
  /** `AMQP_URL`, `AMQP_EXCHANGE` and `AMQP_QUEUE` for `startApp`: messaging on, names unique. */
  readonly env: NodeJS.ProcessEnv;
  /** Deletes what the app declared: the queue and its dead letters, both exchanges. */
  remove(): Promise<void>;
}

/**
 * A test RabbitMQ exchange and notifications queue no other test uses (names start with
 * `prefix`), for an app started with messaging on; `remove()` them in `afterAll`, after the app
 * closed.
 */
export function uniqueBrokerTopology(prefix: string): E2eBrokerTopology {
  const exchange = uniqueBrokerName(`${prefix}-e2e`);
  const queue = uniqueBrokerName(`${prefix}-notifications`);
  return {
    env: { AMQP_URL: testAmqpUrl(), AMQP_EXCHANGE: exchange, AMQP_QUEUE: queue },
    async remove() {
      const connection = await connect(testAmqpUrl());
      try {
        const channel = await connection.createChannel();
        for (const name of [queue, `${queue}.dlq`]) await channel.deleteQueue(name);
        for (const name of [exchange, `${queue}.dlx`]) await channel.deleteExchange(name);
      } finally {
        await connection.close();
      }
    },
  };
}
