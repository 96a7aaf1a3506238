import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeMessagePublisherContract, rejectionOf } from '@cqrs-ddd/core/testing';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { testNatsUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { outageOnceSubject } from '../transport/outage.fixture.js';
import { FULL_CONTEXT_HEADERS, sampleMessage } from '../transport/sample-message.fixture.js';
import { JetStreamTestStreams, natsTarget, type TestStream } from './nats-jetstream.fixture.js';
import { NatsJetStreamPublisher } from './nats-jetstream.publisher.js';

describe('NatsJetStreamPublisher (real NATS JetStream)', () => {
  let streams: JetStreamTestStreams;
  const publishers: NatsJetStreamPublisher[] = [];

  beforeAll(async () => {
    streams = await JetStreamTestStreams.open();
  });

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    await streams.close();
  });

  /** A publisher on a fresh stream it creates itself. */
  function publisherOn(stream: TestStream, options: { stream?: false } = {}) {
    const publisher = new NatsJetStreamPublisher({
      servers: testNatsUrl(),
      subjectPrefix: stream.subjectPrefix,
      ...(options.stream === false ? {} : { stream }),
      publishTimeoutMs: 2_000,
    });
    publishers.push(publisher);
    return publisher;
  }

  describeMessagePublisherContract('NatsJetStreamPublisher', async () => {
    const stream = streams.define();
    const proxy = await TcpProxy.start(natsTarget());
    const publisher = new NatsJetStreamPublisher({
      servers: proxy.rewrite(testNatsUrl()),
      subjectPrefix: stream.subjectPrefix,
      stream,
      publishTimeoutMs: 2_000,
      connectTimeoutMs: 2_000,
    });
    return outageOnceSubject(publisher, proxy, () => streams.readBack(stream));
  });

  it('stores every wire header, the message id as Nats-Msg-Id and the { pattern, data } body', async () => {
    const stream = streams.define();
    const sent = sampleMessage({ key: 'order-1', headers: FULL_CONTEXT_HEADERS });
    await publisherOn(stream).publish(sent);
    const [stored] = await streams.stored(stream.name);
    expect(stored?.subject).toBe(`${stream.subjectPrefix}orders`);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(sent.messageId);
    expect(
      Object.fromEntries(Object.values(WIRE_HEADERS).map((h) => [h, stored?.header.get(h)])),
    ).toEqual({
      [WIRE_HEADERS.messageId]: sent.messageId,
      [WIRE_HEADERS.type]: sent.type,
      [WIRE_HEADERS.key]: sent.key,
      [WIRE_HEADERS.tenantId]: 'tenant-a',
      [WIRE_HEADERS.correlationId]: 'corr-1',
      [WIRE_HEADERS.causationId]: 'cause-1',
      [WIRE_HEADERS.traceparent]: sent.headers.traceparent,
      [WIRE_HEADERS.occurredAt]: sent.headers.occurredAt,
      [WIRE_HEADERS.contentType]: 'application/json',
    });
    expect(stored?.json()).toEqual({ pattern: sent.type, data: sent.payload });
  });

  it('routes by type under the prefix when a message has no destination', async () => {
    const stream = streams.define();
    await publisherOn(stream).publish(sampleMessage({ destination: undefined }));
    const [stored] = await streams.stored(stream.name);
    expect(stored?.subject).toBe(`${stream.subjectPrefix}orders.order-confirmed.v1`);
  });

  it('de-duplicates a re-published message id: the publish resolves, the stream holds one copy', async () => {
    const stream = streams.define();
    const publisher = publisherOn(stream);
    const sent = sampleMessage();
    await publisher.publish(sent);
    await expect(publisher.publish(sent)).resolves.toBeUndefined();
    await expect(publisher.publishBatch([sent, sampleMessage(), sent])).resolves.toBeUndefined();
    const ids = (await streams.readBack(stream)).map((m) => m.messageId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(sent.messageId);
  });

  it('rejects a message no stream captures with MessageRejectedError naming it', async () => {
    const stream = streams.define();
    const publisher = publisherOn(stream, { stream: false });
    const lost = sampleMessage();
    const error = await rejectionOf(publisher.publish(lost));
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect(error).toMatchObject({ messageId: lost.messageId, code: MessageRejectedError.CODE });
    expect((error as MessageRejectedError).reason).toContain(
      `no JetStream stream captures subject "${stream.subjectPrefix}orders"`,
    );
  });

  it('names the first refused message of a batch and stores the others', async () => {
    const stream = streams.define();
    const publisher = publisherOn(stream);
    const [first, unroutable, last] = [sampleMessage(), sampleMessage(), sampleMessage()];
    const routed = new NatsJetStreamPublisher({
      servers: testNatsUrl(),
      subject: (m) => (m === unroutable ? `${stream.name}-none.x` : `${stream.subjectPrefix}x`),
    });
    publishers.push(routed);
    await publisher.publish(sampleMessage()); // creates the stream
    const error = await rejectionOf(routed.publishBatch([first, unroutable, last]));
    expect(error).toMatchObject({
      code: MessageRejectedError.CODE,
      messageId: unroutable.messageId,
    });
    const ids = (await streams.readBack(stream)).map((m) => m.messageId);
    expect(ids.slice(1)).toEqual([first.messageId, last.messageId]);
  });

  it("rejects a message over the server's max_payload with MessageRejectedError", async () => {
    const stream = streams.define();
    const big = sampleMessage({ payload: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    const error = await rejectionOf(publisherOn(stream).publish(big));
    expect(error).toMatchObject({ code: MessageRejectedError.CODE, messageId: big.messageId });
    expect((error as MessageRejectedError).reason).toContain('max_payload');
  });
});
