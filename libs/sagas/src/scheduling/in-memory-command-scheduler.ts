import {
  type Clock,
  currentRequestContext,
  type IdGenerator,
  SystemClock,
  UuidV7IdGenerator,
} from '@cqrs-ddd/core';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { captureContext } from './captured-context.js';
import {
  CommandScheduler,
  type ScheduleCommandOptions,
  type ScheduledCommandView,
  type ScheduleTime,
} from './command-scheduler.port.js';
import { resolveScheduleKey, resolveScheduleTime } from './schedule-time.js';
import type {
  DueCommandOutcome,
  DueScheduledCommand,
  ScheduledCommandStore,
} from './scheduled-command.store.js';

/** Options of {@link InMemoryCommandScheduler}. */
export interface InMemoryCommandSchedulerOptions {
  /** Time source. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of schedule ids. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

interface Entry {
  view: Omit<ScheduledCommandView, 'status'> & { status: ScheduledCommandView['status'] };
  due: DueScheduledCommand;
  claimed: boolean;
}

/**
 * {@link CommandScheduler} in this process's memory, for tests and single-process embedded use:
 * schedules are lost when the process ends, and the unit of work is not joined. Same semantics
 * as the PostgreSQL adapter otherwise (keys per tenant, replacement, cancellation).
 */
export class InMemoryCommandScheduler extends CommandScheduler implements ScheduledCommandStore {
  private readonly entries: Entry[] = [];
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(
    private readonly registry: CommandTypeRegistry,
    options: InMemoryCommandSchedulerOptions = {},
  ) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  schedule(command: object, at: ScheduleTime, options?: ScheduleCommandOptions): Promise<string> {
    try {
      const serialized = this.registry.serialize(command);
      const id = this.ids.newId();
      const key = resolveScheduleKey(options, id);
      const runAt = resolveScheduleTime(at, this.clock.now());
      const context = captureContext();
      const pending = this.pending(key);
      const target = pending?.due.id ?? id;
      const due: DueScheduledCommand = {
        id: target,
        key,
        tenantId: context.tenantId,
        command: serialized,
        context,
        runAt,
        attempts: 0,
      };
      const view = {
        key,
        tenantId: context.tenantId,
        commandType: serialized.type,
        runAt,
        status: 'pending' as const,
        attempts: 0,
      };
      if (pending) Object.assign(pending, { due, view });
      else this.entries.push({ due, view, claimed: false });
      return Promise.resolve(key);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  cancel(key: string): Promise<boolean> {
    const pending = this.pending(key);
    if (!pending || pending.claimed) return Promise.resolve(false);
    pending.view.status = 'cancelled';
    return Promise.resolve(true);
  }

  async runNextDue(
    now: Date,
    run: (due: DueScheduledCommand) => Promise<void>,
  ): Promise<DueCommandOutcome> {
    const entry = this.entries
      .filter((e) => e.view.status === 'pending' && !e.claimed && e.due.runAt <= now)
      .sort((a, b) => a.due.runAt.getTime() - b.due.runAt.getTime())[0];
    if (!entry) return undefined;
    entry.claimed = true;
    const { due } = entry;
    try {
      await run(due);
      entry.view = { ...entry.view, status: 'done', attempts: entry.view.attempts + 1 };
      return { due };
    } catch (error) {
      return { due, error };
    } finally {
      entry.claimed = false;
    }
  }

  markFailed(id: string, error: string): Promise<void> {
    const entry = this.byId(id);
    if (entry) {
      entry.view = {
        ...entry.view,
        status: 'failed',
        attempts: entry.view.attempts + 1,
        lastError: error,
      };
    }
    return Promise.resolve();
  }

  retryLater(id: string, error: string, runAt: Date): Promise<void> {
    const entry = this.byId(id);
    if (entry) {
      const attempts = entry.view.attempts + 1;
      entry.view = { ...entry.view, attempts, runAt, lastError: error };
      entry.due = { ...entry.due, attempts, runAt };
    }
    return Promise.resolve();
  }

  find(key: string): Promise<ScheduledCommandView | undefined> {
    const tenantId = currentRequestContext()?.tenantId;
    const mine = this.entries.filter((e) => e.view.key === key && e.view.tenantId === tenantId);
    const found = mine.find((e) => e.view.status === 'pending') ?? mine.at(-1);
    return Promise.resolve(found && { ...found.view });
  }

  private pending(key: string): Entry | undefined {
    const tenantId = currentRequestContext()?.tenantId;
    return this.entries.find(
      (e) => e.view.status === 'pending' && e.view.key === key && e.view.tenantId === tenantId,
    );
  }

  private byId(id: string): Entry | undefined {
    return this.entries.find((e) => e.due.id === id && e.view.status === 'pending');
  }
}
