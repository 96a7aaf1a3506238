import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { currentRequestContext } from '../../context/request-context-scope.js';
import { IdempotencyInProgressError } from '../../errors/idempotency-in-progress.error.js';
import {
  IdempotencyKeyReusedError,
  isIdempotencyKeyReusedError,
} from '../../errors/idempotency-key-reused.error.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.port.js';
import { payloadFingerprint } from '../payload-fingerprint.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler, StepAppliesTo } from '../pipeline-step.js';

/** Settings of the idempotency step (order 600). */
export interface IdempotencyStepOptions {
  /**
   * Message properties that carry an idempotency key, tried in order after
   * `metadata.idempotencyKey` (see `withMessageMetadata`). Only non-empty strings count.
   * @default ['idempotencyKey', 'commandId']
   */
  keyProperties?: readonly string[];
  /**
   * Finds the key of an execution; replaces the look-up described in {@link keyProperties}.
   * Return `undefined` for executions that are not idempotent.
   * @default metadata.idempotencyKey, then the keyProperties of the message
   */
  keyOf?: (context: PipelineContext) => string | undefined;
  /**
   * Digest of the request under a key; the same key with another fingerprint is refused.
   * @default SHA-256 of the message type and the message's canonical JSON
   */
  fingerprint?: (context: PipelineContext) => string;
  /**
   * How long a result is kept (and replayed).
   * @default 86_400_000 (24 h)
   */
  ttlMs?: number;
  /**
   * How long an unfinished execution holds its key before another may take over (a crashed
   * process). Longer than any command may take.
   * @default 60_000
   */
  lockTtlMs?: number;
  /**
   * How long a duplicate waits for the first execution (in another process) to finish before
   * failing with `IdempotencyInProgressError`. Duplicates in the same process simply share the
   * first execution's promise.
   * @default 10_000
   */
  waitTimeoutMs?: number;
  /**
   * Interval at which a waiting duplicate asks the store again.
   * @default 100
   */
  pollIntervalMs?: number;
  /**
   * Messages that are made idempotent.
   * @default 'command'
   */
  appliesTo?: StepAppliesTo;
}

interface InFlight {
  readonly fingerprint: string;
  readonly promise: Promise<unknown>;
}

/**
 * Order 600: executions that carry an idempotency key run once. The key is claimed in the
 * `IdempotencyStore` (scoped by tenant and message type); the result is stored and replayed to
 * every retry without running the handler (`metadata.idempotentReplay` is then `true`).
 * Concurrent duplicates in one process share the first execution; across processes they wait
 * for the stored result. A failed execution releases its key, so a retry runs again.
 * Results must be JSON-serialisable. The result is stored after the unit of work (order 800)
 * committed; if storing fails the result is still returned and the failure logged.
 */
export class IdempotencyStep implements PipelineStepHandler {
  private readonly logger = new Logger('IdempotencyStep');
  private readonly inFlight = new Map<string, InFlight>();
  private readonly keyOf: (context: PipelineContext) => string | undefined;
  private readonly fingerprint: (context: PipelineContext) => string;
  private readonly ttlMs: number;
  private readonly lockTtlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly store: IdempotencyStore,
    options: IdempotencyStepOptions = {},
  ) {
    const properties = options.keyProperties ?? ['idempotencyKey', 'commandId'];
    this.keyOf = options.keyOf ?? ((context) => defaultKeyOf(context, properties));
    this.fingerprint =
      options.fingerprint ??
      ((context) => payloadFingerprint(context.messageType, context.message));
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.lockTtlMs = options.lockTtlMs ?? 60_000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 10_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
  }

  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const key = this.keyOf(context);
    return key === undefined ? next() : this.handleKeyed(context, next, key);
  }

  private async handleKeyed(
    context: PipelineContext,
    next: PipelineNext,
    key: string,
  ): Promise<unknown> {
    const scopedKey = `${currentRequestContext()?.tenantId ?? '-'}:${context.messageType}:${key}`;
    const fingerprint = this.fingerprint(context);
    const running = this.inFlight.get(scopedKey);
    if (running) {
      if (running.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
      context.metadata.idempotentReplay = true;
      return running.promise;
    }
    const promise = this.execute(context, next, key, scopedKey, fingerprint);
    this.inFlight.set(scopedKey, { fingerprint, promise });
    try {
      return await promise;
    } finally {
      this.inFlight.delete(scopedKey);
    }
  }

  private async execute(
    context: PipelineContext,
    next: PipelineNext,
    key: string,
    scopedKey: string,
    fingerprint: string,
  ): Promise<unknown> {
    const deadline = Date.now() + this.waitTimeoutMs;
    for (;;) {
      const claim = await this.claim(key, scopedKey, fingerprint);
      if (claim.status === 'completed') {
        context.metadata.idempotentReplay = true;
        return claim.result;
      }
      if (claim.status === 'claimed') return this.run(next, scopedKey, claim.token);
      if (Date.now() >= deadline) throw new IdempotencyInProgressError(key);
      await sleep(this.pollIntervalMs);
    }
  }

  private async claim(key: string, scopedKey: string, fingerprint: string) {
    try {
      return await this.store.claim({ key: scopedKey, fingerprint, lockTtlMs: this.lockTtlMs });
    } catch (error) {
      // The store only knows the scoped key; callers must see the key they sent.
      if (isIdempotencyKeyReusedError(error)) throw new IdempotencyKeyReusedError(key);
      throw error;
    }
  }

  private async run(next: PipelineNext, scopedKey: string, token: string): Promise<unknown> {
    let result: unknown;
    try {
      result = await next();
    } catch (error) {
      await this.store.release(scopedKey, token).catch((releaseError: unknown) => {
        this.logger.warn(`Could not release idempotency key ${scopedKey}: ${String(releaseError)}`);
      });
      throw error;
    }
    try {
      const stored = await this.store.complete(scopedKey, token, result, this.ttlMs);
      if (!stored) this.logger.warn(`Idempotency claim on ${scopedKey} expired before completion.`);
    } catch (error) {
      this.logger.error(
        `Could not store the result of idempotency key ${scopedKey}: ${String(error)}`,
      );
    }
    return result;
  }
}

function defaultKeyOf(context: PipelineContext, properties: readonly string[]): string | undefined {
  const fromMetadata = context.metadata.idempotencyKey;
  if (typeof fromMetadata === 'string' && fromMetadata !== '') return fromMetadata;
  const message = context.message as Record<string, unknown>;
  for (const property of properties) {
    const value = message[property];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
