import { createServer } from 'node:net';
import { type IntegrationMessage, MessagePublisher } from '@cqrs-ddd/core';
import type { MessagePublisherContractSubject } from '@cqrs-ddd/core/testing';
import type { TcpProxy } from '../testing/tcp-proxy.js';

/** Scheduling slack allowed on top of a timeout when a test checks how fast a call failed. */
export const SLACK_MS = 1_000;

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

/** Options of {@link outageOnceSubject}. */
export interface OutageOnceSubjectOptions {
  /**
   * Whether the subject's `dispose` stops the proxy too; `false` when the proxy is shared by the
   * other tests of the file (which then stop it themselves).
   * @default true
   */
  readonly ownsProxy?: boolean;
}

/**
 * The `describeMessagePublisherContract` subject for a real `publisher` reached through `proxy`:
 * the adapter is an {@link OutageOncePublisher} (so `failNextPublish` is a real outage),
 * `readBack` reads what the broker stored, and `dispose` closes the publisher (then the proxy,
 * see {@link OutageOnceSubjectOptions.ownsProxy}).
 */
export function outageOnceSubject(
  publisher: MessagePublisher & { close(): Promise<void> },
  proxy: TcpProxy,
  readBack: () => Promise<readonly IntegrationMessage[]>,
  { ownsProxy = true }: OutageOnceSubjectOptions = {},
): MessagePublisherContractSubject {
  const adapter = new OutageOncePublisher(publisher, proxy);
  return {
    adapter,
    readBack,
    failNextPublish: () => adapter.failNextPublish(),
    dispose: async () => {
      await publisher.close();
      if (ownsProxy) await proxy.stop();
    },
  };
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
