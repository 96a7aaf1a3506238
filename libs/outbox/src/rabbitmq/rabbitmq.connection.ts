import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { errorText, withinTimeout } from '../transport/transport-support.js';
import type { ResolvedRabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';
import { RABBITMQ_TRANSPORT } from './rabbitmq-publish.failure.js';
import { RabbitMqLink } from './rabbitmq.link.js';

/**
 * The publisher's lazily opened connection: one {@link RabbitMqLink} (connection + confirm
 * channel) reused by every call while it is healthy, opened on first use and again on the
 * first use after it was lost or discarded. Concurrent callers share one connection attempt.
 */
export class RabbitMqConnection {
  private current?: RabbitMqLink;
  private opening?: Promise<RabbitMqLink>;

  constructor(private readonly options: ResolvedRabbitMqPublisherOptions) {}

  /**
   * The open link, connecting first if there is none.
   * @throws BrokerUnavailableError when the broker cannot be reached within `connectTimeoutMs`.
   */
  link(): Promise<RabbitMqLink> {
    const current = this.current;
    if (current?.isOpen) return Promise.resolve(current);
    if (current) this.discard(current);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Drops `link` (closing it in the background) so that the next call reconnects. */
  discard(link: RabbitMqLink): void {
    if (this.current === link) this.current = undefined;
    void link.close(this.options.connectTimeoutMs);
  }

  /** Closes the link (after a connection attempt under way settles). Never rejects. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const link = this.current;
    this.current = undefined;
    await link?.close(this.options.connectTimeoutMs);
  }

  private async open(): Promise<RabbitMqLink> {
    const { url, connectTimeoutMs } = this.options;
    const attempt = RabbitMqLink.open(this.options);
    try {
      this.current = await withinTimeout(
        attempt,
        connectTimeoutMs,
        () => new Error(`no connection within ${connectTimeoutMs} ms (connectTimeoutMs)`),
      );
      return this.current;
    } catch (error) {
      // A link that still opens after the timeout is closed at once.
      void attempt.then(
        (late) => late.close(connectTimeoutMs),
        () => undefined,
      );
      throw new BrokerUnavailableError(
        RABBITMQ_TRANSPORT,
        `cannot connect to ${withoutPassword(url)}: ${errorText(error)}`,
        { cause: error },
      );
    }
  }
}

/** `url` with its password masked, for error messages and logs. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
