import { ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import type {
  SagaDefinition,
  SagaEventMatcher,
  SagaStartOptions,
  SagaStepDefinition,
  SagaStepOptions,
} from './saga-definition.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * Declares a saga step by step; {@link build} validates it. The state `S` is plain JSON,
 * persisted with each instance.
 *
 * ```ts
 * const fulfilment = defineSaga<FulfilmentState>('order-fulfilment')
 *   .startedBy(OrderConfirmed, { correlate: (e) => e.streamId, init: (e) => ({ orderId: e.streamId }) })
 *   .step('reserve-stock', {
 *     command: (state) => new ReserveStockCommand(state.orderId),
 *     completedBy: StockReserved,
 *     correlate: (e) => e.data.orderId as string,
 *     compensate: (state) => new ReleaseStockCommand(state.orderId),
 *   })
 *   .compensateStart((state) => new CancelOrderCommand(state.orderId))
 *   .build();
 * ```
 */
export class SagaBuilder<S> {
  private start?: { readonly events: SagaEventMatcher; readonly options: SagaStartOptions<S> };
  private readonly steps: { readonly name: string; readonly options: SagaStepOptions<S> }[] = [];
  private undoStart?: (state: S) => object;

  constructor(private readonly name: string) {}

  /** The events starting an instance (one instance per correlated id; later starts are ignored). */
  startedBy(events: SagaEventMatcher, options: SagaStartOptions<S>): this {
    this.start = { events, options };
    return this;
  }

  /** Adds the next step. */
  step(name: string, options: SagaStepOptions<S>): this {
    this.steps.push({ name, options });
    return this;
  }

  /** The undo of the starting event: the last command of a compensation. */
  compensateStart(command: (state: S) => object): this {
    this.undoStart = command;
    return this;
  }

  /**
   * The validated definition.
   * @throws ValidationError listing every problem (names, matchers, callbacks, timeouts)
   */
  build(): SagaDefinition<S> {
    const issues: ValidationIssue[] = [];
    if (typeof this.name !== 'string' || !NAME.test(this.name)) {
      issues.push({ path: 'name', message: 'must be 1-100 letters, digits, . _ : or -' });
    }
    const startTypes = resolveMatcher(this.start?.events, 'startedBy', issues);
    if (!this.start) issues.push({ path: 'startedBy', message: 'is required' });
    else {
      expectFunction(this.start.options?.correlate, 'startedBy.correlate', issues, true);
      expectFunction(this.start.options?.init, 'startedBy.init', issues, true);
    }
    if (this.steps.length === 0) issues.push({ path: 'steps', message: 'needs at least one step' });
    const seen = new Set<string>();
    const steps = this.steps.map(({ name, options }, index) => {
      const path = `steps.${index}`;
      if (typeof name !== 'string' || !NAME.test(name)) {
        issues.push({ path: `${path}.name`, message: 'must be 1-100 letters, digits, . _ : or -' });
      } else if (seen.has(name)) {
        issues.push({ path: `${path}.name`, message: `"${name}" is used by another step` });
      }
      seen.add(name);
      return buildStep(name, options ?? ({} as SagaStepOptions<S>), path, issues);
    });
    expectFunction(this.undoStart, 'compensateStart', issues, false);
    if (issues.length > 0) throw new ValidationError(issues);
    return {
      name: this.name,
      start: { ...this.start!.options, types: startTypes },
      steps,
      ...(this.undoStart && { compensateStart: this.undoStart }),
    };
  }
}

/** Starts the definition of saga `name` (unique, stable: it keys the stored instances). */
export function defineSaga<S = Record<string, unknown>>(name: string): SagaBuilder<S> {
  return new SagaBuilder<S>(name);
}

function buildStep<S>(
  name: string,
  options: SagaStepOptions<S>,
  path: string,
  issues: ValidationIssue[],
): SagaStepDefinition<S> {
  const completedTypes = resolveMatcher(options.completedBy, `${path}.completedBy`, issues);
  if (options.completedBy === undefined) {
    issues.push({ path: `${path}.completedBy`, message: 'is required' });
  }
  const failedTypes =
    options.failedBy === undefined
      ? []
      : resolveMatcher(options.failedBy, `${path}.failedBy`, issues);
  for (const type of failedTypes) {
    if (completedTypes.includes(type)) {
      issues.push({ path: `${path}.failedBy`, message: `"${type}" also completes the step` });
    }
  }
  for (const key of ['command', 'correlate', 'apply', 'compensate'] as const) {
    expectFunction(options[key], `${path}.${key}`, issues, false);
  }
  const { timeout } = options;
  if (timeout !== undefined) {
    if (!Number.isSafeInteger(timeout?.afterMs) || timeout.afterMs <= 0) {
      issues.push({ path: `${path}.timeout.afterMs`, message: 'must be a positive integer (ms)' });
    }
    if (timeout?.reason !== undefined && typeof timeout.reason !== 'string') {
      issues.push({ path: `${path}.timeout.reason`, message: 'must be a string' });
    }
  }
  return { ...options, name, completedTypes, failedTypes };
}

function resolveMatcher(
  matcher: SagaEventMatcher | undefined,
  path: string,
  issues: ValidationIssue[],
): string[] {
  if (matcher === undefined) return [];
  const items = (Array.isArray(matcher) ? matcher : [matcher]) as unknown[];
  const types: string[] = [];
  for (const item of items) {
    const type = typeof item === 'string' ? item : (item as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || type.length === 0) {
      issues.push({
        path,
        message: 'takes event classes with a `static readonly type` or stored type names',
      });
    } else types.push(type);
  }
  if (items.length === 0) issues.push({ path, message: 'needs at least one event' });
  return [...new Set(types)];
}

function expectFunction(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  required: boolean,
) {
  if (value === undefined ? required : typeof value !== 'function') {
    issues.push({ path, message: required ? 'is a required function' : 'must be a function' });
  }
}
