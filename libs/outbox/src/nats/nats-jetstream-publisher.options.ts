import { type IntegrationMessage, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import {
  functionIssue,
  positiveIntegerIssue,
  stringIssue,
} from '../transport/transport-support.js';

/** A JetStream stream the publisher creates (or updates) when it connects. */
export interface NatsJetStreamStreamOptions {
  /** Stream name, e.g. `ORDERS`. */
  readonly name: string;
  /** Subjects it captures, e.g. `['orders.>']`: they must cover every subject published. */
  readonly subjects: readonly string[];
}

/** Options of {@link NatsJetStreamPublisher}. */
export interface NatsJetStreamPublisherOptions {
  /** NATS server URL(s), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | readonly string[];
  /**
   * Subject of a message.
   * @default `${subjectPrefix}${message.destination ?? message.type}`
   */
  readonly subject?: (message: IntegrationMessage) => string;
  /**
   * Prefix of the default subject (ignored with a custom `subject`).
   * @default ''
   */
  readonly subjectPrefix?: string;
  /**
   * How long to wait for JetStream's acknowledgement (PubAck) of a message, in ms.
   * @default 10_000
   */
  readonly publishTimeoutMs?: number;
  /**
   * How long to wait for a connection (and the stream set-up), in ms.
   * @default 5_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * A stream created — or, when it exists with other subjects, updated to these subjects — on
   * every (re)connection, so the subjects are captured before the first publish. Leave it out
   * when the streams are managed elsewhere (a message whose subject no stream captures is then
   * rejected with `MessageRejectedError`).
   * @default undefined (streams are not managed)
   */
  readonly stream?: NatsJetStreamStreamOptions;
}

/** {@link NatsJetStreamPublisherOptions} with every default applied. */
export interface ResolvedNatsJetStreamPublisherOptions {
  readonly servers: string[];
  readonly subject: (message: IntegrationMessage) => string;
  readonly publishTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly stream?: NatsJetStreamStreamOptions;
}

/**
 * Checks the options and applies the defaults.
 * @throws ValidationError listing every invalid option.
 */
export function resolveNatsJetStreamPublisherOptions(
  options: NatsJetStreamPublisherOptions,
): ResolvedNatsJetStreamPublisherOptions {
  const issues = natsOptionIssues(options);
  if (issues.length > 0) throw new ValidationError(issues);
  const { subjectPrefix = '', stream } = options;
  return {
    servers: typeof options.servers === 'string' ? [options.servers] : [...options.servers],
    subject:
      options.subject ?? ((message) => `${subjectPrefix}${message.destination ?? message.type}`),
    publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    ...(stream ? { stream: { name: stream.name, subjects: [...stream.subjects] } } : {}),
  };
}

function natsOptionIssues(options: NatsJetStreamPublisherOptions | undefined): ValidationIssue[] {
  if (typeof options !== 'object' || options === null) {
    return [{ path: '', message: 'options must be an object' }];
  }
  const { servers, stream } = options;
  const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
  const issues: ValidationIssue[] = [
    ...functionIssue(options.subject, 'subject'),
    ...stringIssue(options.subjectPrefix, 'subjectPrefix'),
    ...positiveIntegerIssue(options.publishTimeoutMs, 'publishTimeoutMs'),
    ...positiveIntegerIssue(options.connectTimeoutMs, 'connectTimeoutMs'),
  ];
  if (!(
    isText(servers) ||
    (Array.isArray(servers) && servers.length > 0 && servers.every(isText))
  )) {
    issues.push({ path: 'servers', message: 'must be a URL or a non-empty array of URLs' });
  }
  if (stream !== undefined) {
    if (typeof stream?.name !== 'string' || !/^[^\s.*>/\\]+$/.test(stream.name)) {
      issues.push({
        path: 'stream.name',
        message: 'must be a non-empty name without whitespace, ".", "*", ">", "/" or "\\"',
      });
    }
    const { subjects } = stream ?? {};
    if (!Array.isArray(subjects) || subjects.length === 0 || !subjects.every(isText)) {
      issues.push({ path: 'stream.subjects', message: 'must be a non-empty array of subjects' });
    }
  }
  return issues;
}
