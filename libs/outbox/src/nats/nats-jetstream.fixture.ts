import type { IntegrationMessage } from '@cqrs-ddd/core';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  type StoredMsg,
} from '@nats-io/jetstream';
import { connect, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { testNatsUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { readBackWireMessage } from '../transport/wire-message.read-back.fixture.js';
import type { NatsJetStreamStreamOptions } from './nats-jetstream-publisher.options.js';

/** The local NATS server as a `TcpProxy` target. */
export function natsTarget(): { host: string; port: number } {
  const { hostname, port } = new URL(testNatsUrl());
  return { host: hostname, port: Number(port || 4222) };
}

/** A test stream: `<name>` capturing `<name>.>`, with `<name>.` as the subject prefix. */
export interface TestStream extends NatsJetStreamStreamOptions {
  readonly subjectPrefix: string;
}

/**
 * Test access to JetStream through an admin connection: unique streams (deleted by
 * {@link close}) and read-back of what they stored.
 */
export class JetStreamTestStreams {
  private readonly names: string[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    /** The JetStream manager of the admin connection. */
    readonly jsm: JetStreamManager,
  ) {}

  /** Connects the admin connection to the test server. */
  static async open(): Promise<JetStreamTestStreams> {
    const nc = await connect({ servers: testNatsUrl() });
    return new JetStreamTestStreams(nc, await jetstreamManager(nc));
  }

  /** A unique stream definition (created by the publisher's `stream` option, or not at all). */
  define(): TestStream {
    const name = uniqueBrokerName('outbox-nats');
    this.names.push(name);
    return { name, subjects: [`${name}.>`], subjectPrefix: `${name}.` };
  }

  /** Every message `stream` holds, oldest first (none when the stream does not exist). */
  async stored(stream: string): Promise<StoredMsg[]> {
    const info = await this.jsm.streams.info(stream).catch((error: unknown) => {
      const missing = error instanceof JetStreamApiError;
      if (missing && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
      throw error;
    });
    if (!info || info.state.messages === 0) return [];
    const messages: StoredMsg[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await this.jsm.streams.getMessage(stream, { seq });
      if (message) messages.push(message);
    }
    return messages;
  }

  /** The integration messages `stream` holds, decoded (destination = subject minus prefix). */
  async readBack(stream: TestStream): Promise<IntegrationMessage[]> {
    return (await this.stored(stream.name)).map((message) =>
      readBackWireMessage({
        headers: publisherHeaders(message.header),
        body: message.data,
        destination: message.subject.slice(stream.subjectPrefix.length),
      }),
    );
  }

  /** Deletes every stream defined here and closes the admin connection. */
  async close(): Promise<void> {
    for (const name of this.names) await this.jsm.streams.delete(name).catch(() => false);
    await this.nc.close();
  }
}

/** Headers as a record, without the server's and client's own `Nats-*` headers. */
export function publisherHeaders(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of headers?.keys() ?? []) {
    if (!name.startsWith('Nats-')) record[name] = headers!.get(name);
  }
  return record;
}
