/**
 * The relay as an application runs it, without Nest: `createOutboxRelays` builds a
 * `ProcessorEngine` with the PostgreSQL coordination stores (checkpoints, leases, parked
 * messages) and one `OutboxRelayProcessor` publishing the selected events through a
 * `RabbitMqPublisher` with publisher confirms.
 */
import type { EventStore, LogPosition, MessagePublisher } from '@cqrs-ddd/core';
import { createOutboxRelays, type OutboxRelay } from '@cqrs-ddd/outbox';
import type { ProcessorEngine } from '@cqrs-ddd/projections';
import type { MikroORM } from '@mikro-orm/postgresql';
import { reached } from '../projections/projection-engine.js';
import { RELAYED_TYPE } from './outbox-log.js';

/** One relay: its processor and handle, on an engine of its own. */
export interface BenchRelay extends OutboxRelay {
  readonly engine: ProcessorEngine;
}

/** What {@link buildRelay} builds. */
export interface RelaySettings {
  /** Publisher name (a new one starts at the log start). */
  readonly name: string;
  readonly transport: MessagePublisher;
  readonly batchSize: number;
}

/** Builds the relay on `orm`'s PostgreSQL (coordination tables migrated), not started. */
export async function buildRelay(
  orm: MikroORM,
  eventStore: EventStore,
  { name, transport, batchSize }: RelaySettings,
): Promise<BenchRelay> {
  const { engine, relays } = await createOutboxRelays(
    {
      publishers: [{ name, select: { types: [RELAYED_TYPE] }, transport, run: { batchSize } }],
    },
    { eventStore, orm },
  );
  return { ...relays.get(name)!, engine };
}

/**
 * Starts `relay`; resolves to the seconds until its checkpoint reached `head`, i.e. until the
 * broker confirmed every message up to it (lease taken, log read, published, checkpointed).
 */
export async function timeRelay(relay: BenchRelay, head: LogPosition): Promise<number> {
  const done = reached(relay.handle, head, 120_000);
  const started = performance.now();
  relay.engine.startAll();
  await done;
  return (performance.now() - started) / 1000;
}
