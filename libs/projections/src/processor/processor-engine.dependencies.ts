import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type CheckpointStore,
  type Clock,
  type EventStore,
  type LockStrategy,
  SystemClock,
  ValidationError,
  type ValidationIssue,
} from '@cqrs-ddd/core';
import { Logger, type LoggerService } from '@nestjs/common';
import { InMemoryProcessorSuspensionStore } from './in-memory-processor-suspension.store.js';
import type { ParkedEventStore } from './parked-event-store.port.js';
import type { ProcessorSuspensionStore } from './processor-suspension-store.port.js';

/** What the processor engine runs on: core ports, so it works with any adapters. */
export interface ProcessorEngineDependencies {
  /** The event log read by every processor. */
  readonly eventStore: EventStore;
  /** Where partitions save their checkpoints (compare-and-swap). */
  readonly checkpoints: CheckpointStore;
  /** Partition leases: one active instance per partition across all instances. */
  readonly locks: LockStrategy;
  /** Dead-letter storage of poison events. */
  readonly parked: ParkedEventStore;
  /** Time of parked events and lag figures. @default new SystemClock() */
  readonly clock?: Clock;
  /** Where failures, parked events and lease changes are logged. @default new Logger('ProcessorEngine') */
  readonly logger?: LoggerService;
  /**
   * Identity of this engine: lease session and checkpoint owner (diagnostics). Unique per
   * running instance. @default `<hostname>:<pid>:<random>`
   */
  readonly instanceId?: string;
  /**
   * Durable, cluster-wide suspensions of processors (`ProcessorHandle.suspend()`): share it
   * between instances as the leases are. @default new InMemoryProcessorSuspensionStore()
   */
  readonly suspensions?: ProcessorSuspensionStore;
  /**
   * Key of the storage target whose log the engine reads (a telemetry attribute of batches).
   * @default none
   */
  readonly target?: string;
}

/** {@link ProcessorEngineDependencies} with defaults applied. */
export type ResolvedProcessorEngineDependencies = Required<
  Omit<ProcessorEngineDependencies, 'target'>
> &
  Pick<ProcessorEngineDependencies, 'target'>;

/**
 * Ports checked by the methods the engine calls (not `instanceof`: two copies of a package
 * loaded side by side must still work).
 */
const REQUIRED_PORTS = {
  eventStore: {
    port: 'EventStore',
    methods: ['readAll', 'readStream', 'headPosition', 'subscribe'],
  },
  checkpoints: { port: 'CheckpointStore', methods: ['load', 'save', 'reset'] },
  locks: { port: 'LockStrategy', methods: ['tryAcquire'] },
  parked: { port: 'ParkedEventStore', methods: ['park', 'list', 'get', 'remove', 'count'] },
} as const;

const SUSPENSION_METHODS = ['isSuspended', 'suspend', 'unsuspend'] as const;

/**
 * Checks the dependencies and applies defaults.
 * @throws ValidationError naming each missing or wrong dependency.
 */
export function resolveProcessorEngineDependencies(
  dependencies: ProcessorEngineDependencies,
): ResolvedProcessorEngineDependencies {
  const issues: ValidationIssue[] = [];
  for (const [field, { port, methods }] of Object.entries(REQUIRED_PORTS)) {
    const dependency: Record<string, unknown> | undefined = (
      dependencies as unknown as Record<string, Record<string, unknown> | undefined> | undefined
    )?.[field];
    if (!methods.every((method) => typeof dependency?.[method] === 'function')) {
      issues.push({ path: field, message: `must be a ${port}` });
    }
  }
  const { instanceId, suspensions, target } = dependencies ?? {};
  if (
    suspensions !== undefined &&
    !SUSPENSION_METHODS.every(
      (method) =>
        typeof (suspensions as unknown as Record<string, unknown>)?.[method] === 'function',
    )
  ) {
    issues.push({ path: 'suspensions', message: 'must be a ProcessorSuspensionStore when given' });
  }
  if (target !== undefined && (typeof target !== 'string' || target.length === 0)) {
    issues.push({ path: 'target', message: 'must be a non-empty string when given' });
  }
  if (instanceId !== undefined && (typeof instanceId !== 'string' || instanceId.length === 0)) {
    issues.push({ path: 'instanceId', message: 'must be a non-empty string when given' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    ...dependencies,
    clock: dependencies.clock ?? new SystemClock(),
    logger: dependencies.logger ?? new Logger('ProcessorEngine'),
    instanceId: instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    suspensions: suspensions ?? new InMemoryProcessorSuspensionStore(),
  };
}
