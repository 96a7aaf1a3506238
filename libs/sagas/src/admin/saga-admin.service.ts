import { currentRequestContext, ValidationError } from '@cqrs-ddd/core';
import { Inject, Injectable } from '@nestjs/common';
import { SagaNotFoundError } from '../errors/saga-not-found.error.js';
import type { SagaEngine } from '../saga/saga-engine.js';
import type { SagaCommandRecord, SagaInstance, SagaStatus } from '../saga/saga-instance.js';
import { SAGA_ENGINE } from '../module/sagas.tokens.js';

const STATUSES: readonly SagaStatus[] = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'failed',
];

/** Filter and page of {@link SagaAdminService.list}. */
export interface SagaListQuery {
  /** Only instances of this saga. @default every saga */
  readonly name?: string;
  /** Only instances in this status. @default every status */
  readonly status?: SagaStatus;
  /** Page size (1-500). @default 50 */
  readonly limit?: number;
  /** `nextCursor` of the previous page. @default the first page */
  readonly cursor?: string;
}

/** A page of instances, by saga name then id. */
export interface SagaListPage {
  readonly items: SagaInstance[];
  /** Cursor of the next page; absent on the last one. */
  readonly nextCursor?: string;
}

/** One instance and every command it recorded, in order. */
export interface SagaInstanceDetails {
  readonly instance: SagaInstance;
  readonly commands: SagaCommandRecord[];
}

/**
 * Operations on saga instances for operators: list by saga and status, inspect one with its
 * commands, retry a failed instance's failed compensation command, force the compensation of a
 * running instance. Scoped by the request context's tenant: with a tenant in the context, only
 * that tenant's instances exist (another tenant's answer `SagaNotFoundError`); without one (a
 * platform job, the CLI) every instance does.
 */
@Injectable()
export class SagaAdminService {
  constructor(@Inject(SAGA_ENGINE) private readonly engine: SagaEngine) {}

  /**
   * Instances matching `query`, a page at a time.
   * @throws ValidationError for an unknown status, a bad limit or a malformed cursor
   */
  async list(query: SagaListQuery = {}): Promise<SagaListPage> {
    const limit = query.limit ?? 50;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) {
      throw ValidationError.of('limit', 'must be an integer from 1 to 500', 'isInt');
    }
    if (query.status !== undefined && !STATUSES.includes(query.status)) {
      throw ValidationError.of('status', `must be one of ${STATUSES.join(', ')}`, 'isIn');
    }
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.engine.runtime.instances.list({
      name: query.name,
      status: query.status,
      tenantId: currentRequestContext()?.tenantId,
      limit: limit + 1,
      after,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor([last.sagaName, last.sagaId]) }
      : { items };
  }

  /**
   * The instance `id` of saga `name` with its commands.
   * @throws SagaNotFoundError when there is no such instance
   */
  async get(name: string, id: string): Promise<SagaInstanceDetails> {
    const instance = await this.engine.runtime.instances.find(name, id);
    const tenantId = currentRequestContext()?.tenantId;
    if (!instance || (tenantId !== undefined && instance.tenantId !== tenantId)) {
      throw new SagaNotFoundError(name, id);
    }
    return { instance, commands: await this.engine.runtime.commands.listFor(name, id) };
  }

  /**
   * Sends the failed compensation command of a failed instance again, then the rest of its
   * compensation; resolves the instance as it is then (`compensating`).
   * @throws SagaNotFoundError when there is no such instance
   * @throws SagaStateError unless the instance failed
   */
  async retry(name: string, id: string): Promise<SagaInstanceDetails> {
    await this.get(name, id);
    await this.engine.transaction(() => this.engine.runtime.retry(name, id));
    this.engine.dispatcher.wake();
    return this.get(name, id);
  }

  /**
   * Compensates a running instance now, recording `reason`; resolves the instance as it is then.
   * @throws SagaNotFoundError when there is no such instance
   * @throws SagaStateError unless the instance is running
   * @throws ValidationError for an empty reason
   */
  async compensate(name: string, id: string, reason: string): Promise<SagaInstanceDetails> {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw ValidationError.of('reason', 'must be a non-empty string', 'isNotEmpty');
    }
    await this.get(name, id);
    await this.engine.transaction(() =>
      this.engine.runtime.forceCompensation(name, id, reason.trim()),
    );
    this.engine.dispatcher.wake();
    return this.get(name, id);
  }
}

function encodeCursor(key: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) {
      return key as [string, string];
    }
  } catch {
    // Reported below as a malformed cursor.
  }
  throw ValidationError.of('cursor', 'is not a cursor returned by list()', 'isCursor');
}
