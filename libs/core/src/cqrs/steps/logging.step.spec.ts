import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { DomainRuleViolation } from '../../errors/domain-rule-violation.error.js';
import type { PipelineContext } from '../pipeline-context.js';
import { REDACTED } from '../redact-payload.js';
import { LoggingStep, type PipelineLogEntry } from './logging.step.js';

interface Written {
  level: LogLevel;
  entry: PipelineLogEntry;
  params: unknown[];
}

/** Captures what the step logs; enables only `levels`. */
class CapturingLogger implements LoggerService {
  readonly written: Written[] = [];
  constructor(private readonly levels: LogLevel[]) {}
  private push(level: LogLevel, entry: unknown, params: unknown[]) {
    this.written.push({ level, entry: entry as PipelineLogEntry, params });
  }
  log(entry: unknown, ...params: unknown[]) {
    this.push('log', entry, params);
  }
  error(entry: unknown, ...params: unknown[]) {
    this.push('error', entry, params);
  }
  warn(entry: unknown, ...params: unknown[]) {
    this.push('warn', entry, params);
  }
  debug(entry: unknown, ...params: unknown[]) {
    this.push('debug', entry, params);
  }
  verbose(entry: unknown, ...params: unknown[]) {
    this.push('verbose', entry, params);
  }
  fatal(entry: unknown, ...params: unknown[]) {
    this.push('fatal', entry, params);
  }
  enabled(level: LogLevel) {
    return this.levels.includes(level);
  }
}

class ChangePassword {
  constructor(
    readonly userId: string,
    readonly password: string,
    readonly profile: { email: string; nickname: string },
  ) {}
}

function contextOf(message: object): PipelineContext {
  return {
    kind: 'command',
    message,
    messageType: 'user.change-password',
    messageId: 'm-1',
    correlationId: 'c-1',
    causationId: 'p-1',
    attempt: 2,
    metadata: {},
  };
}

const message = new ChangePassword('u-1', 'hunter2', { email: 'a@b.c', nickname: 'ann' });

describe('LoggingStep', () => {
  let logger: CapturingLogger;

  function useLogger(levels: LogLevel[]) {
    logger = new CapturingLogger(levels);
    Logger.overrideLogger(logger);
    Logger.overrideLogger(levels);
  }

  beforeEach(() => useLogger(['log', 'warn', 'error']));
  afterEach(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

  it('logs one structured success entry with type, ids, outcome, duration and attempts, without payload', async () => {
    await expect(new LoggingStep().handle(contextOf(message), async () => 'ok')).resolves.toBe(
      'ok',
    );
    expect(logger.written).toHaveLength(1);
    const [{ level, entry }] = logger.written as [Written];
    expect(level).toBe('log');
    expect(entry).toMatchObject({
      kind: 'command',
      type: 'user.change-password',
      messageId: 'm-1',
      correlationId: 'c-1',
      causationId: 'p-1',
      outcome: 'success',
      attempts: 2,
    });
    expect(entry.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(logger.written)).not.toContain('hunter2');
    expect(entry).not.toHaveProperty('payload');
  });

  it('logs expected failures as warnings with their code, and rethrows', async () => {
    const error = new DomainRuleViolation('user.weak-password', 'Password too weak.');
    await expect(
      new LoggingStep().handle(contextOf(message), () => Promise.reject(error)),
    ).rejects.toBe(error);
    expect(logger.written).toEqual([
      expect.objectContaining({
        level: 'warn',
        entry: expect.objectContaining({
          outcome: 'failure',
          errorCode: 'DOMAIN_RULE_VIOLATION',
          error: 'Password too weak.',
        }),
      }),
    ]);
  });

  it('logs unexpected failures as errors with the stack', async () => {
    const error = new TypeError('undefined is not a function');
    await expect(
      new LoggingStep().handle(contextOf(message), () => Promise.reject(error)),
    ).rejects.toBe(error);
    const [written] = logger.written as [Written];
    expect(written.level).toBe('error');
    expect(written.entry.errorCode).toBe('TypeError');
    expect(written.params[0]).toBe(error.stack);
  });

  it('logs the payload only when asked, with secrets and configured keys redacted', async () => {
    const step = new LoggingStep({ logPayload: true, redactKeys: ['email'] });
    await step.handle(contextOf(message), async () => undefined);
    expect(logger.written[0]!.entry.payload).toEqual({
      userId: 'u-1',
      password: REDACTED,
      profile: { email: REDACTED, nickname: 'ann' },
    });
  });

  it('writes nothing at disabled levels, and honours configured levels', async () => {
    useLogger(['error']);
    await new LoggingStep().handle(contextOf(message), async () => undefined);
    await new LoggingStep()
      .handle(contextOf(message), () => Promise.reject(new DomainRuleViolation('r', 'm')))
      .catch(() => undefined);
    expect(logger.written).toEqual([]);

    await new LoggingStep({ successLevel: 'error' }).handle(
      contextOf(message),
      async () => undefined,
    );
    expect(logger.written.map((w) => w.level)).toEqual(['error']);
  });

  it('flags idempotent replays', async () => {
    const context = contextOf(message);
    await new LoggingStep().handle(context, async () => {
      context.metadata.idempotentReplay = true;
    });
    expect(logger.written[0]!.entry.replayed).toBe(true);
  });
});
