import { type Clock, NotFoundError, SystemClock } from '@cqrs-ddd/core';
import { assertValidProjectionStateArgs } from './projection-state.validation.js';
import { ProjectionStateStore, type ProjectionState } from './projection-state-store.port.js';

/** Options of {@link InMemoryProjectionStateStore}. */
export interface InMemoryProjectionStateStoreOptions {
  /** Source of `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

/**
 * {@link ProjectionStateStore} in process memory. Each transition checks and writes
 * synchronously, so racing calls are serialised by the event loop and agree on one outcome.
 */
export class InMemoryProjectionStateStore extends ProjectionStateStore {
  private readonly clock: Clock;
  private readonly states = new Map<string, ProjectionState>();

  constructor(options: InMemoryProjectionStateStoreOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
  }

  async get(name: string): Promise<ProjectionState | undefined> {
    assertValidProjectionStateArgs({ name });
    const state = this.states.get(name);
    return state && { ...state };
  }

  async initialise(name: string, version: number): Promise<ProjectionState> {
    assertValidProjectionStateArgs({ name, version });
    const state = this.states.get(name);
    return { ...(state ?? this.write({ name, activeGeneration: 1, activeVersion: version })) };
  }

  async beginRebuild(name: string, version: number): Promise<ProjectionState> {
    assertValidProjectionStateArgs({ name, version });
    const state = this.states.get(name);
    if (!state) throw new NotFoundError('Projection', name);
    if (state.buildingGeneration !== undefined) return { ...state };
    return {
      ...this.write({
        ...state,
        buildingGeneration: state.activeGeneration + 1,
        buildingVersion: version,
      }),
    };
  }

  async completeRebuild(name: string, generation: number): Promise<ProjectionState | undefined> {
    assertValidProjectionStateArgs({ name, generation });
    const state = this.states.get(name);
    if (state?.buildingGeneration !== generation || state.buildingVersion === undefined) {
      return undefined;
    }
    return {
      ...this.write({ name, activeGeneration: generation, activeVersion: state.buildingVersion }),
    };
  }

  private write(state: Omit<ProjectionState, 'updatedAt'>): ProjectionState {
    const stored: ProjectionState = { ...state, updatedAt: this.clock.now().toISOString() };
    this.states.set(state.name, stored);
    return stored;
  }
}
