import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, NoRespondersError } from '@nats-io/transport-node';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { errorText } from '../transport/transport-support.js';
import type { NatsJetStreamStreamOptions } from './nats-jetstream-publisher.options.js';
import { causes, NATS_TRANSPORT } from './nats-publish-error.mapping.js';

/**
 * Creates `stream`, or updates its subjects when it exists with others (its other settings are
 * kept). Each JetStream API call waits at most `timeoutMs`.
 * @throws OutboxConfigurationError when JetStream is not enabled or refuses the stream (e.g.
 * its subjects overlap another stream's); BrokerUnavailableError when the server does not answer.
 */
export async function ensureJetStreamStream(
  nc: NatsConnection,
  stream: NatsJetStreamStreamOptions,
  timeoutMs: number,
): Promise<void> {
  const { name } = stream;
  const subjects = [...stream.subjects];
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    const info = await jsm.streams.info(name).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
        return undefined;
      }
      throw error;
    });
    if (!info) await jsm.streams.add({ name, subjects });
    else if (!sameSet(info.config.subjects ?? [], subjects)) {
      await jsm.streams.update(name, { ...info.config, subjects });
    }
  } catch (error) {
    if (error instanceof JetStreamApiError) {
      throw new OutboxConfigurationError(
        `JetStream refused to create or update stream "${name}" with subjects ` +
          `${subjects.join(', ')}: ${error.message}`,
      );
    }
    if (causes(error).some((e) => e instanceof NoRespondersError)) {
      throw new OutboxConfigurationError(
        `JetStream is not enabled on the NATS server, so stream "${name}" cannot be created: ` +
          'start nats-server with JetStream (-js)',
      );
    }
    throw new BrokerUnavailableError(
      NATS_TRANSPORT,
      `setting up stream "${name}": ${errorText(error)}`,
      { cause: error },
    );
  }
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}
