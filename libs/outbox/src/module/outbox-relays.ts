import { type Clock, type EventStore, ValidationError } from '@cqrs-ddd/core';
import {
  createProcessorStores,
  migrateProjections,
  ProcessorEngine,
  type ProcessorHandle,
  type ProcessorRunOptions,
} from '@cqrs-ddd/projections';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import {
  type OutboxPublisherDefinition,
  publisherDefinitionIssues,
} from '../relay/outbox-publisher.definition.js';
import { OutboxRelayProcessor } from '../relay/outbox-relay.processor.js';
import type { OutboxModuleOptions } from './outbox-module.options.js';

/** Run options of a publisher unless it sets its own. */
export const DEFAULT_PUBLISHER_RUN_OPTIONS = {
  batchSize: 1_000,
  retry: { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000 },
} as const satisfies ProcessorRunOptions;

/** One registered publisher: its processor (counters) and its handle on the engine. */
export interface OutboxRelay {
  readonly processor: OutboxRelayProcessor;
  readonly handle: ProcessorHandle;
}

/** The outbox's engine and its relays, built from the module options. */
export interface OutboxRelays {
  readonly engine: ProcessorEngine;
  readonly relays: ReadonlyMap<string, OutboxRelay>;
}

/** What {@link createOutboxRelays} runs on. */
export interface OutboxRelaySources {
  readonly eventStore: EventStore;
  readonly orm?: MikroORM;
  readonly clock?: Clock;
}

/**
 * Validates the options, migrates the coordination tables (PostgreSQL) and registers one
 * processor per publisher on a processor engine of the outbox's own (not started).
 * @throws ValidationError for invalid publisher definitions
 * @throws OutboxConfigurationError when the PostgreSQL coordination has no MikroORM
 */
export async function createOutboxRelays(
  options: OutboxModuleOptions,
  { eventStore, orm, clock }: OutboxRelaySources,
): Promise<OutboxRelays> {
  const issues = publisherDefinitionIssues(options?.publishers);
  if (issues.length > 0) throw new ValidationError(issues);
  const coordination = options.coordination ?? 'postgres';
  if (coordination === 'postgres' && !orm) {
    throw new OutboxConfigurationError(
      "The outbox's 'postgres' coordination needs the application's MikroORM: import " +
        "MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }) from '@mikro-orm/nestjs', " +
        "or set coordination: 'memory' (single process only).",
    );
  }
  const em = coordination === 'postgres' ? (orm!.em as SqlEntityManager) : undefined;
  const schema = options.postgres?.schema;
  if (em && (options.postgres?.migrate ?? true)) await migrateProjections(em, { schema });
  const stores = createProcessorStores(coordination, { em, schema, clock });
  const engine = new ProcessorEngine({ eventStore, ...stores, clock });
  return { engine, relays: registerOutboxRelays(engine, options.publishers, clock) };
}

/**
 * Registers one relay processor per publisher on `engine` (not started), with the publisher's
 * run options over {@link DEFAULT_PUBLISHER_RUN_OPTIONS}; keyed by publisher name.
 * @throws ProjectionsConfigurationError when a processor of one of their names is registered
 */
export function registerOutboxRelays(
  engine: ProcessorEngine,
  publishers: readonly OutboxPublisherDefinition[],
  clock?: Clock,
): Map<string, OutboxRelay> {
  const relays = new Map<string, OutboxRelay>();
  for (const definition of publishers) {
    const processor = new OutboxRelayProcessor(definition, clock);
    const handle = engine.register(processor, {
      ...DEFAULT_PUBLISHER_RUN_OPTIONS,
      ...definition.run,
      retry: { ...DEFAULT_PUBLISHER_RUN_OPTIONS.retry, ...definition.run?.retry },
    });
    relays.set(definition.name, { processor, handle });
  }
  return relays;
}
