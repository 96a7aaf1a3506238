import type { LogPosition } from '@cqrs-ddd/core';
import type { ProjectionState } from '../projection/projection-state-store.port.js';

/** Options of a one-tenant rebuild (`ProjectionsService.rebuild(projection, { tenantId })`). */
export interface TenantRebuildOptions {
  /** The tenant whose read model is rebuilt. */
  readonly tenantId: string;
  /**
   * Shared tables only: how long to wait for this instance to hold every partition lease of the
   * projection (the rebuild runs under them), in ms. @default 5_000
   */
  readonly leaseWaitMs?: number;
  /** Shared tables only: events read from the log per page of the replay. @default 500 */
  readonly batchSize?: number;
}

/**
 * How a tenant's read model was rebuilt:
 * - `'generation'`: the tenant has a schema or database of its own; the projection was rebuilt
 *   there into a new generation (zero downtime; `state.buildingGeneration` is building and the
 *   switch happens once it has caught up);
 * - `'documents'`: the tenant is on shared tables; its documents of the active generation were
 *   deleted and rebuilt from its events up to the live checkpoints (done when resolved).
 */
export type TenantRebuildMode = 'generation' | 'documents';

/** Outcome of a one-tenant rebuild. */
export interface TenantRebuildResult {
  /** The projection's name. */
  readonly projection: string;
  /** The tenant rebuilt. */
  readonly tenantId: string;
  /** Key of the tenant's storage target (`shared` for shared tables). */
  readonly target: string;
  /** How it was rebuilt. */
  readonly mode: TenantRebuildMode;
  /** `'generation'` only: the projection's state on the tenant's target after the rebuild began. */
  readonly state?: ProjectionState;
  /** `'documents'` only: the generation whose documents were rebuilt. */
  readonly generation?: number;
  /** `'documents'` only: events of the tenant applied again. */
  readonly replayed?: number;
  /**
   * `'documents'` only: the live checkpoint of each partition the replay stopped at (events
   * after them are the live processor's, which resumed from there).
   */
  readonly checkpoints?: readonly (LogPosition | null)[];
}
