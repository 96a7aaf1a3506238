import { createServer } from 'node:net';
import { type IntegrationMessage, MessagePublisher } from '@cqrs-ddd/core';
import type { TcpProxy } from '../testing/tcp-proxy.js';

/**
 * A real publisher reached through a {@link TcpProxy}, for the contract's `failNextPublish`:
 * {@link failNextPublish} cuts the proxy (a real outage: connections dropped, new ones
 * refused), the next `publish`/`publishBatch` runs against it, and once that call settled the
 * proxy is restored — the publisher must then recover by itself.
 */
export class OutageOncePublisher extends MessagePublisher {
  private armed = false;

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly proxy: TcpProxy,
  ) {
    super();
  }

  /** Cuts the proxy until the next publish call settled. */
  async failNextPublish(): Promise<void> {
    await this.proxy.cut();
    this.armed = true;
  }

  publish(message: IntegrationMessage): Promise<void> {
    return this.run(() => this.publisher.publish(message));
  }

  publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    return this.run(() => this.publisher.publishBatch(messages));
  }

  private async run(call: () => Promise<void>): Promise<void> {
    if (!this.armed) return call();
    this.armed = false;
    try {
      await call();
    } finally {
      await this.proxy.restore();
    }
  }
}

/** A local port nothing listens on (for "broker down from the start" tests). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What `promise` settled to and how long it took, in ms. */
export async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await promise;
  return { value, ms: Date.now() - started };
}
