import { describe, expect, it } from '@jest/globals';
import {
  type Clock,
  currentRequestContext,
  type Principal,
  type RequestContextState,
  runInContext,
} from '@cqrs-ddd/core';
import {
  type ContractSubject,
  rejectionOf,
  uniqueName,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import { CommandTypeRegistry } from '../commands/command-type.registry.js';
import type { CommandScheduler } from '../scheduling/command-scheduler.port.js';
import type { ScheduledCommandStore } from '../scheduling/scheduled-command.store.js';
import { ScheduledCommandWorker } from '../scheduling/scheduled-command.worker.js';

/** A command of the contract suite. */
export class ContractPing {
  static readonly type = 'contract.ping';
  constructor(
    readonly label: string,
    readonly fail?: 'domain' | 'outage',
  ) {}
}

/** What `describeCommandSchedulerContract` needs per test. */
export interface CommandSchedulerContractSubject extends ContractSubject<
  CommandScheduler & ScheduledCommandStore
> {
  /** The clock the adapter was built with (a `FakeClock`, moved by `advanceTime`). */
  readonly clock: Clock;
  advanceTime(ms: number): void | Promise<void>;
}

/** Builds a fresh subject whose adapter stores commands with `registry`. */
export type CommandSchedulerContractFactory = (
  registry: CommandTypeRegistry,
) => CommandSchedulerContractSubject | Promise<CommandSchedulerContractSubject>;

interface Executed {
  readonly label: string;
  readonly context: RequestContextState | undefined;
}

const principal: Principal = {
  id: 'user-1',
  tenantId: 'acme',
  roles: ['orders:writer'],
  authMethod: 'jwt',
  attributes: { region: 'eu' },
};

/**
 * Contract every {@link CommandScheduler} adapter of this library must pass, run through a
 * {@link ScheduledCommandWorker} on a recording command bus: time, keys per tenant, replacement,
 * cancellation, restored context, failures (final or retried) and validation.
 */
export function describeCommandSchedulerContract(
  name: string,
  factory: CommandSchedulerContractFactory,
): void {
  describe(`CommandScheduler contract: ${name}`, () => {
    const registry = new CommandTypeRegistry([ContractPing]);
    const subject = useContractSubject(() => factory(registry));
    const scheduler = () => subject().adapter;
    let executed: Executed[] = [];
    const bus = {
      execute: (command: object) => {
        const { label, fail } = command as ContractPing;
        if (!(command instanceof ContractPing)) throw new Error('not rebuilt as its class');
        if (fail === 'domain') return Promise.reject(new Error(`${label} refused`));
        if (fail === 'outage') {
          return Promise.reject(
            Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }),
          );
        }
        executed.push({ label, context: currentRequestContext() });
        return Promise.resolve();
      },
    };
    const worker = () =>
      new ScheduledCommandWorker(scheduler(), registry, bus, {
        clock: subject().clock,
        retry: { initialDelayMs: 1_000, maxDelayMs: 1_000 },
        logger: { log: () => undefined, error: () => undefined, warn: () => undefined },
      });
    const labels = () => executed.map((e) => e.label);
    const asTenant = <T>(tenantId: string | undefined, fn: () => Promise<T>) =>
      runInContext({ tenantId, principal: tenantId ? { ...principal, tenantId } : undefined }, fn);
    const reset = () => (executed = []);

    it('runs a command at its time, not before, and once', async () => {
      reset();
      const key = await scheduler().schedule(new ContractPing('a'), { delayMs: 2_000 });
      expect(key).toEqual(expect.any(String));
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 0, retried: 0 });
      await subject().advanceTime(1_999);
      await worker().runOnce();
      expect(labels()).toEqual([]);
      await subject().advanceTime(1);
      await expect(worker().runOnce()).resolves.toEqual({ done: 1, failed: 0, retried: 0 });
      await worker().runOnce();
      expect(labels()).toEqual(['a']);
      await expect(scheduler().find(key)).resolves.toMatchObject({
        key,
        status: 'done',
        commandType: 'contract.ping',
        attempts: 1,
      });
    });

    it('takes a Date, and runs due commands in time order', async () => {
      reset();
      const now = subject().clock.now().getTime();
      await scheduler().schedule(new ContractPing('late'), new Date(now + 300));
      await scheduler().schedule(new ContractPing('early'), new Date(now + 100));
      await scheduler().schedule(new ContractPing('past'), new Date(now - 1_000));
      await subject().advanceTime(300);
      await worker().runOnce();
      expect(labels()).toEqual(['past', 'early', 'late']);
    });

    it('replaces a pending schedule of the same key', async () => {
      reset();
      const key = uniqueName('order');
      await expect(
        scheduler().schedule(new ContractPing('first'), { delayMs: 100 }, { key }),
      ).resolves.toBe(key);
      await scheduler().schedule(new ContractPing('second'), { delayMs: 500 }, { key });
      await subject().advanceTime(100);
      await worker().runOnce();
      expect(labels()).toEqual([]);
      await subject().advanceTime(400);
      await worker().runOnce();
      expect(labels()).toEqual(['second']);
      // Once done, the key is free for a new schedule.
      await scheduler().schedule(new ContractPing('third'), { delayMs: 0 }, { key });
      await worker().runOnce();
      expect(labels()).toEqual(['second', 'third']);
    });

    it('cancels a pending schedule: it never runs', async () => {
      reset();
      const key = await scheduler().schedule(new ContractPing('cancelled'), { delayMs: 10 });
      await expect(scheduler().cancel(key)).resolves.toBe(true);
      await expect(scheduler().cancel(key)).resolves.toBe(false);
      await expect(scheduler().cancel(uniqueName('unknown'))).resolves.toBe(false);
      await subject().advanceTime(10);
      await worker().runOnce();
      expect(labels()).toEqual([]);
      await expect(scheduler().find(key)).resolves.toMatchObject({ status: 'cancelled' });
    });

    it('keeps keys per tenant', async () => {
      reset();
      const key = uniqueName('reminder');
      await asTenant('acme', () =>
        scheduler().schedule(new ContractPing('acme'), { delayMs: 0 }, { key }),
      );
      await asTenant('globex', () =>
        scheduler().schedule(new ContractPing('globex'), { delayMs: 0 }, { key }),
      );
      await expect(asTenant('globex', () => scheduler().cancel(key))).resolves.toBe(true);
      await expect(asTenant(undefined, () => scheduler().find(key))).resolves.toBeUndefined();
      await worker().runOnce();
      expect(labels()).toEqual(['acme']);
    });

    it('restores the tenant, principal and correlation id; the schedule is the cause', async () => {
      reset();
      const key = await runInContext(
        { tenantId: 'acme', principal, correlationId: 'corr-1', messageId: 'msg-1' },
        () => scheduler().schedule(new ContractPing('ctx'), { delayMs: 0 }),
      );
      await worker().runOnce();
      const context = executed[0]?.context;
      expect(context).toMatchObject({ tenantId: 'acme', principal, correlationId: 'corr-1' });
      expect(context?.messageId).toEqual(expect.any(String));
      expect(context?.messageId).not.toBe('msg-1');
      await expect(asTenant('acme', () => scheduler().find(key))).resolves.toMatchObject({
        tenantId: 'acme',
        status: 'done',
      });
    });

    it('marks a command failed for good on a domain error', async () => {
      reset();
      const key = await scheduler().schedule(new ContractPing('bad', 'domain'), { delayMs: 0 });
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 1, retried: 0 });
      await subject().advanceTime(60_000);
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 0, retried: 0 });
      await expect(scheduler().find(key)).resolves.toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'bad refused',
      });
    });

    it('retries a command later after an outage', async () => {
      reset();
      const key = await scheduler().schedule(new ContractPing('flaky', 'outage'), { delayMs: 0 });
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 0, retried: 1 });
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 0, retried: 0 });
      await expect(scheduler().find(key)).resolves.toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'ECONNRESET: connection lost',
      });
      await subject().advanceTime(1_000);
      await expect(worker().runOnce()).resolves.toEqual({ done: 0, failed: 0, retried: 1 });
      await expect(scheduler().find(key)).resolves.toMatchObject({ attempts: 2 });
    });

    it('rejects unregistered commands, invalid times and keys', async () => {
      class Unknown {}
      const errors = await Promise.all([
        rejectionOf(scheduler().schedule(new Unknown(), { delayMs: 0 })),
        rejectionOf(scheduler().schedule(new ContractPing('x'), { delayMs: -1 })),
        rejectionOf(scheduler().schedule(new ContractPing('x'), new Date(Number.NaN))),
        rejectionOf(scheduler().schedule(new ContractPing('x'), { delayMs: 0 }, { key: '' })),
      ]);
      for (const error of errors) expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
