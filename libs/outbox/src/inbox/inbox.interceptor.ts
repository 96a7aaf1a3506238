import { setTimeout as sleep } from 'node:timers/promises';
import {
  currentRequestContext,
  instrument,
  isForbiddenError,
  isTelemetryActive,
  isUnauthenticatedError,
  isValidationError,
  retryDelay,
  runInContext,
  TELEMETRY_ATTRIBUTES,
} from '@cqrs-ddd/core';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { MissingMessageIdError } from '../errors/missing-message-id.error.js';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import { type InboxDelivery, inboxDeliveryOf } from './inbox-delivery.js';
import { INBOX_HANDLER_OPTIONS, type InboxHandlerOptions } from './inbox-handler.options.js';
import { INBOX_SETTINGS, type InboxSettings } from './inbox-module.options.js';
import { assertValidInboxKey, InboxStore } from './inbox-store.port.js';

/** The handler's outcome when the message was a duplicate. */
const SKIPPED = Symbol('skipped');

/** One delivery to one handler. */
interface InboxJob {
  readonly consumer: string;
  readonly maxAttempts: number;
  readonly delivery: InboxDelivery;
  readonly next: CallHandler;
}

/**
 * Makes a `@EventPattern` / `@MessagePattern` handler an idempotent consumer (apply it with
 * `@Inbox()`). For each delivery it:
 * 1. restores the request context from the message headers (tenant, correlation id, trace,
 *    causation id; the message id as the message being handled), keeping the principal a guard
 *    authenticated from the message's credentials, and runs the rest as the instrumented
 *    operation `message.consume` (a consumer span continuing the message's trace);
 * 2. in one unit of work, records the message id in the inbox and calls the handler only when
 *    the record is new — a duplicate is skipped — so the record commits or rolls back with the
 *    handler's writes and the commands it sends (they join the unit);
 * 3. acks only after the unit committed (RabbitMQ; a skipped duplicate is acked too);
 * 4. on failure retries in process with exponential backoff and jitter, each attempt in a
 *    fresh unit, up to `maxAttempts` (an authentication or authorization refusal is final at
 *    once: retrying cannot change it); then dead-letters the message (RabbitMQ: nack without
 *    requeue, so the queue's `x-dead-letter-exchange` routes it to the dead-letter queue),
 *    logs it and lets the error reach Nest (a `@MessagePattern` caller gets an error reply).
 *
 * A message without a usable id cannot be de-duplicated: it is dead-lettered at once, without
 * calling the handler (`MissingMessageIdError`). On transports that do not let the consumer
 * settle messages (NATS core, TCP, Redis...) steps 3 and the dead-lettering are the
 * transport's, and the error is rethrown after the attempts. With RabbitMQ, the microservice
 * must consume with `noAck: false`. A duplicate of a `@MessagePattern` request replies
 * nothing: the inbox keeps no results.
 */
@Injectable()
export class InboxInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly inbox: InboxStore,
    @Inject(INBOX_SETTINGS) private readonly settings: InboxSettings,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = `${context.getClass().name}.${context.getHandler().name}`;
    if (context.getType() !== 'rpc') {
      throw new OutboxConfigurationError(
        `@Inbox() applies to @EventPattern / @MessagePattern handlers of microservices; ` +
          `${handler} runs in a '${context.getType()}' context.`,
      );
    }
    const options =
      this.reflector.get<InboxHandlerOptions | undefined>(
        INBOX_HANDLER_OPTIONS,
        context.getHandler(),
      ) ?? {};
    const job: InboxJob = {
      consumer: options.consumer ?? handler,
      maxAttempts: options.maxAttempts ?? this.settings.maxAttempts,
      delivery: inboxDeliveryOf(context),
      next,
    };
    return defer(() => this.consume(job));
  }

  private async consume(job: InboxJob): Promise<unknown> {
    const { consumer, delivery } = job;
    const messageId = delivery.messageId ?? '';
    try {
      assertValidInboxKey(consumer, messageId);
    } catch (error) {
      if (!isValidationError(error)) throw error;
      const refused = new MissingMessageIdError(consumer, error.message);
      this.logger.error(refused.message);
      this.settle(job, 'deadLetter');
      throw refused;
    }
    // The principal a guard authenticated from the message's credentials (if any) stays.
    const principal = currentRequestContext()?.principal;
    return runInContext({ ...delivery.context, principal, messageId }, () =>
      this.handle(job, messageId),
    );
  }

  /**
   * The attempts, as the instrumented operation `message.consume` when telemetry is on: a
   * consumer span, child of the message's `traceparent`, so the commands the handler sends
   * continue the publisher's trace.
   */
  private handle(job: InboxJob, messageId: string): Promise<unknown> {
    if (!isTelemetryActive()) return this.attempt(job, messageId);
    const { delivery, consumer } = job;
    return instrument(
      {
        operation: 'message.consume',
        name: `consume ${delivery.destination ?? consumer}`,
        kind: 'consumer',
        traceparent: delivery.context.traceparent,
        attributes: {
          [TELEMETRY_ATTRIBUTES.destination]: delivery.destination,
          [TELEMETRY_ATTRIBUTES.messagingSystem]: delivery.messagingSystem,
          [TELEMETRY_ATTRIBUTES.tenant]: delivery.context.tenantId,
        },
      },
      () => this.attempt(job, messageId),
    );
  }

  private async attempt(job: InboxJob, messageId: string): Promise<unknown> {
    const { consumer, maxAttempts, delivery, next } = job;
    for (let attempt = 1; ; attempt += 1) {
      let outcome: unknown;
      try {
        outcome = await this.settings.unitOfWork.run(async () => {
          if (!(await this.inbox.record(consumer, messageId))) return SKIPPED;
          return lastValueFrom(next.handle(), { defaultValue: undefined });
        });
      } catch (error) {
        const where = `${consumer}: message ${messageId} (${delivery.transport})`;
        if (attempt >= maxAttempts || isRefusal(error)) {
          this.logger.error(
            `${where} failed ${attempt} time(s), last with: ${errorText(error)}; ` +
              (delivery.settles ? 'dead-lettered.' : 'giving up.'),
          );
          this.settle(job, 'deadLetter');
          throw error;
        }
        this.logger.warn(`${where} failed attempt ${attempt}: ${errorText(error)}; retrying.`);
        const { initialDelayMs, maxDelayMs } = this.settings.retry;
        await sleep(
          retryDelay(attempt, { baseDelayMs: initialDelayMs, maxDelayMs, jitter: 'equal' }),
        );
        continue;
      }
      if (outcome === SKIPPED) this.logger.debug(`${consumer}: duplicate ${messageId} skipped.`);
      this.settle(job, 'ack');
      return outcome === SKIPPED ? undefined : outcome;
    }
  }

  /**
   * Acks or dead-letters. A failure (the channel closed meanwhile) is only logged: the broker
   * redelivers the message, and the inbox skips it if its unit had committed.
   */
  private settle({ consumer, delivery }: InboxJob, action: 'ack' | 'deadLetter'): void {
    try {
      delivery[action]();
    } catch (error) {
      this.logger.warn(
        `${consumer}: could not ${action === 'ack' ? 'ack' : 'dead-letter'} message ` +
          `${delivery.messageId ?? '(no id)'}: ${errorText(error)}; the broker will redeliver it.`,
      );
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Authentication and authorization refusals: the same delivery would be refused again. */
function isRefusal(error: unknown): boolean {
  return isForbiddenError(error) || isUnauthenticatedError(error);
}
