import type { PartitionStatus } from '@cqrs-ddd/projections';
import type { OutboxRelayCounters } from '../relay/outbox-relay.metrics.js';

/**
 * One publisher on one storage target as this instance sees it: what `OutboxService.status()`
 * returns (one entry per publisher and target).
 */
export interface OutboxPublisherStatus extends OutboxRelayCounters {
  /** The publisher's name. */
  readonly name: string;
  /**
   * Key of the storage target whose log this relay publishes: `shared` (the application's log),
   * or a tenant's schema or database of its own (`schema:tenant_acme`, `database:globex`...).
   */
  readonly target: string;
  /** Tenant of a dedicated target; absent for the shared target. */
  readonly tenantId?: string;
  /** Name of its processor (checkpoint, lease and parked entries): `outbox:<name>`. */
  readonly processorName: string;
  /** Whether this instance holds the lease (is the active publisher). */
  readonly active: boolean;
  /** Committed events not yet confirmed by the broker (upper bound, see `PartitionStatus`). */
  readonly eventsBehind: number;
  /** Age of the oldest unpublished event, in seconds. */
  readonly secondsBehind: number;
  /** Messages parked (refused by the broker or unmappable) waiting for retry or skip. */
  readonly parked: number;
  /** Its partitions (one unless `run.partitions` says otherwise). */
  readonly partitions: readonly PartitionStatus[];
}
