/**
 * Which generation of a projection's read model serves queries, and which one is being built.
 * A generation is one complete materialisation (its own physical collection and processor
 * checkpoint); a rebuild builds generation n+1 while n keeps serving, then switches.
 */
export interface ProjectionState {
  /** Projection name. */
  readonly name: string;
  /** Generation serving queries (>= 1). */
  readonly activeGeneration: number;
  /** Code version (`@Projection({ version })`) that built the active generation. */
  readonly activeVersion: number;
  /** Generation being built, if a rebuild is running. */
  readonly buildingGeneration?: number;
  /** Code version building it. */
  readonly buildingVersion?: number;
  /** Last change (ISO-8601 UTC). */
  readonly updatedAt: string;
}

/**
 * Durable registry of projection generations. Every transition is a compare-and-swap on one
 * record, so instances racing to start or finish a rebuild agree on one outcome.
 */
export abstract class ProjectionStateStore {
  /** The state, or `undefined` for a projection never started. */
  abstract get(name: string): Promise<ProjectionState | undefined>;

  /**
   * Creates the state of a new projection (generation 1 active, built by `version`), unless it
   * exists. Resolves to the stored state either way.
   */
  abstract initialise(name: string, version: number): Promise<ProjectionState>;

  /**
   * Starts building `activeGeneration + 1` with code `version`, unless a build is already
   * running. Resolves to the stored state either way (check `buildingGeneration`).
   */
  abstract beginRebuild(name: string, version: number): Promise<ProjectionState>;

  /**
   * Makes the building generation `generation` active, if it still is the one being built.
   * Resolves to the new state, or `undefined` when the compare-and-swap failed.
   */
  abstract completeRebuild(name: string, generation: number): Promise<ProjectionState | undefined>;
}
