import { eachEvent, type EventProcessor, type EventProcessorFilter } from '@cqrs-ddd/projections';
import { isTransientFailure } from '../scheduling/transient-failure.js';
import { type AnySagaDefinition, sagaEventTypes } from './saga-definition.js';
import type { SagaRuntime } from './saga.runtime.js';

/** Name of the processor (checkpoint, lease, parked events) of saga `name`. */
export function sagaProcessorName(name: string): string {
  return `saga:${name}`;
}

/**
 * The event processor of one saga: reads the events the saga reacts to in log order and applies
 * each to its instance (in the event's request context). Run with a `MikroOrmUnitOfWork`, the
 * instance changes, the commands they record and the checkpoint commit in one transaction: a
 * crash at any point neither loses nor repeats a step.
 */
export class SagaProcessor implements EventProcessor {
  readonly name: string;
  readonly filter?: EventProcessorFilter;
  readonly handleBatch: EventProcessor['handleBatch'];

  constructor(
    definition: AnySagaDefinition,
    runtime: SagaRuntime,
    {
      filterByType = true,
    }: {
      /** Read only the saga's event types (off when upcasters may rename stored types). */
      readonly filterByType?: boolean;
    } = {},
  ) {
    this.name = sagaProcessorName(definition.name);
    if (filterByType) this.filter = { types: sagaEventTypes(definition) };
    this.handleBatch = eachEvent((event) => runtime.handleEvent(definition.name, event));
  }

  /** Outages (lost connections, deadlocks) retry the batch whole instead of parking events. */
  isTransientFailure(error: unknown): boolean {
    return isTransientFailure(error);
  }
}
