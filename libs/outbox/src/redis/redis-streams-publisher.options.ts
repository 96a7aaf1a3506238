import { type IntegrationMessage, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import type { Redis } from 'ioredis';
import {
  functionIssue,
  positiveIntegerIssue,
  stringIssue,
} from '../transport/transport-support.js';

/** Options of {@link RedisStreamsPublisher}: give exactly one of `url` and `client`. */
export interface RedisStreamsPublisherOptions {
  /**
   * Redis URL, e.g. `redis://127.0.0.1:6379/0`: the publisher opens (and closes) its own
   * connection, configured to fail fast while disconnected and to reconnect by itself.
   * @default undefined (then `client` is required)
   */
  readonly url?: string;
  /**
   * An existing client, shared with the application: not closed by `close()`. Configure it
   * with `enableOfflineQueue: false` (or a small `maxRetriesPerRequest`) so commands fail while
   * it is disconnected; the publisher still bounds every wait by `commandTimeoutMs`.
   * @default undefined (then `url` is required)
   */
  readonly client?: Redis;
  /**
   * Stream key of a message.
   * @default `${streamPrefix}${message.destination ?? message.type}`
   */
  readonly stream?: (message: IntegrationMessage) => string;
  /**
   * Prefix of the default stream key (ignored with a custom `stream`).
   * @default 'cqrs-ddd:'
   */
  readonly streamPrefix?: string;
  /**
   * Approximate cap on each stream's length (`XADD … MAXLEN ~ maxLen`): older entries are
   * trimmed, whether or not consumers read them.
   * @default undefined (streams are not trimmed)
   */
  readonly maxLen?: number;
  /**
   * Longest wait for the connection and for the reply to a batch, in ms.
   * @default 10_000
   */
  readonly commandTimeoutMs?: number;
}

/** {@link RedisStreamsPublisherOptions} with every default applied. */
export interface ResolvedRedisStreamsPublisherOptions {
  readonly url?: string;
  readonly client?: Redis;
  readonly stream: (message: IntegrationMessage) => string;
  readonly maxLen?: number;
  readonly commandTimeoutMs: number;
}

/**
 * Checks the options and applies the defaults.
 * @throws ValidationError listing every invalid option.
 */
export function resolveRedisStreamsPublisherOptions(
  options: RedisStreamsPublisherOptions,
): ResolvedRedisStreamsPublisherOptions {
  const issues = redisOptionIssues(options);
  if (issues.length > 0) throw new ValidationError(issues);
  const { url, client, maxLen, streamPrefix = 'cqrs-ddd:' } = options;
  return {
    ...(url !== undefined ? { url } : {}),
    ...(client !== undefined ? { client } : {}),
    stream:
      options.stream ?? ((message) => `${streamPrefix}${message.destination ?? message.type}`),
    ...(maxLen !== undefined ? { maxLen } : {}),
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
  };
}

function redisOptionIssues(options: RedisStreamsPublisherOptions | undefined): ValidationIssue[] {
  if (typeof options !== 'object' || options === null) {
    return [{ path: '', message: 'options must be an object' }];
  }
  const { url, client } = options;
  const issues: ValidationIssue[] = [
    ...functionIssue(options.stream, 'stream'),
    ...stringIssue(options.streamPrefix, 'streamPrefix'),
    ...positiveIntegerIssue(options.maxLen, 'maxLen'),
    ...positiveIntegerIssue(options.commandTimeoutMs, 'commandTimeoutMs'),
  ];
  if ((url === undefined) === (client === undefined)) {
    issues.push({ path: 'url', message: 'give exactly one of url and client' });
  } else if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    issues.push({ path: 'url', message: 'must be a redis:// or rediss:// URL' });
  } else if (client !== undefined && typeof client?.multi !== 'function') {
    issues.push({ path: 'client', message: 'must be an ioredis client' });
  }
  return issues;
}
