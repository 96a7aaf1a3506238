import { type UnitOfWork, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import type { EventProcessor } from './event-processor.js';
import type { PoisonEventPolicy, ProcessorRunOptions } from './processor.options.js';

/** {@link ProcessorRunOptions} with every default applied (what `ProcessorHandle.options` shows). */
export interface ResolvedProcessorRunOptions {
  readonly batchSize: number;
  readonly partitions: number;
  readonly leaseTtlMs: number;
  readonly leaseRetryMs: number;
  readonly retry: {
    readonly maxAttempts: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
  };
  readonly onPoison: PoisonEventPolicy;
  readonly unitOfWork?: UnitOfWork;
  readonly idlePollMs: number;
  readonly autoStart: boolean;
}

const POLICIES: readonly PoisonEventPolicy[] = ['park-and-continue', 'park-and-stop'];
/** Partitions are a fixed layout, each with a lease and a worker: keep the count sane. */
const MAX_PARTITIONS = 1024;

/**
 * Checks a processor and its run options and applies the documented defaults.
 * @throws ValidationError listing every invalid field.
 */
export function resolveProcessorRunOptions(
  processor: EventProcessor,
  options: ProcessorRunOptions = {},
): ResolvedProcessorRunOptions {
  const leaseTtlMs = options.leaseTtlMs ?? 10_000;
  const resolved: ResolvedProcessorRunOptions = {
    batchSize: options.batchSize ?? 500,
    partitions: options.partitions ?? 1,
    leaseTtlMs,
    leaseRetryMs: options.leaseRetryMs ?? Math.max(1, Math.floor(leaseTtlMs / 2)),
    retry: {
      maxAttempts: options.retry?.maxAttempts ?? 5,
      initialDelayMs: options.retry?.initialDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
    },
    onPoison: options.onPoison ?? 'park-and-continue',
    ...(options.unitOfWork ? { unitOfWork: options.unitOfWork } : {}),
    idlePollMs: options.idlePollMs ?? 5_000,
    autoStart: options.autoStart ?? true,
  };
  const issues = [...processorIssues(processor), ...optionIssues(resolved)];
  if (issues.length > 0) throw new ValidationError(issues);
  return resolved;
}

function processorIssues(processor: EventProcessor): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof processor?.name !== 'string' || processor.name.length === 0) {
    issues.push({ path: 'processor.name', message: 'must be a non-empty string' });
  }
  if (typeof processor?.handleBatch !== 'function') {
    issues.push({ path: 'processor.handleBatch', message: 'must be a function' });
  }
  for (const field of ['types', 'streamTypes'] as const) {
    const list = processor?.filter?.[field];
    if (list !== undefined && !(Array.isArray(list) && list.every(isNonEmptyString))) {
      issues.push({ path: `processor.filter.${field}`, message: 'must be a list of strings' });
    }
  }
  return issues;
}

function optionIssues(options: ResolvedProcessorRunOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const integer = (path: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
      issues.push({ path, message: `must be an integer ${range}, got ${String(value)}` });
    }
  };
  integer('batchSize', options.batchSize, 1);
  integer('partitions', options.partitions, 1, MAX_PARTITIONS);
  integer('leaseTtlMs', options.leaseTtlMs, 3);
  integer('leaseRetryMs', options.leaseRetryMs, 1);
  integer('retry.maxAttempts', options.retry.maxAttempts, 1);
  integer('retry.initialDelayMs', options.retry.initialDelayMs, 0);
  integer('retry.maxDelayMs', options.retry.maxDelayMs, options.retry.initialDelayMs);
  integer('idlePollMs', options.idlePollMs, 1);
  if (!POLICIES.includes(options.onPoison)) {
    issues.push({ path: 'onPoison', message: `must be one of ${POLICIES.join(', ')}` });
  }
  if (typeof options.autoStart !== 'boolean') {
    issues.push({ path: 'autoStart', message: 'must be a boolean' });
  }
  if (options.unitOfWork && typeof options.unitOfWork.run !== 'function') {
    issues.push({ path: 'unitOfWork', message: 'must be a UnitOfWork' });
  }
  return issues;
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
