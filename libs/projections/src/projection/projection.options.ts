import type { StoredEvent } from '@cqrs-ddd/core';
import type { ProcessorRunOptions } from '../processor/processor.options.js';

/**
 * How the engine runs a projection's processors: the {@link ProcessorRunOptions} that belong
 * to the projection's code (the unit of work and `autoStart` are the module's business).
 */
export type ProjectionRunOptions = Pick<
  ProcessorRunOptions,
  'batchSize' | 'partitions' | 'leaseTtlMs' | 'leaseRetryMs' | 'retry' | 'onPoison' | 'idlePollMs'
>;

/** What `@Projection({...})` declares. */
export interface ProjectionOptions extends ProjectionRunOptions {
  /**
   * Unique, stable name (letters, digits, `_`, `-` and `.`, starting with a letter): the key of
   * the projection's state, processors (`projection:<name>:g<generation>`) and checkpoints.
   */
  readonly name: string;
  /**
   * Version of the projection's code (integer >= 1). Raise it whenever the handlers would build
   * different documents from the same events: instances running the new code rebuild the read
   * model into a new generation while the old one keeps serving, then switch.
   */
  readonly version: number;
  /**
   * Logical collection name (queries read `<collection>_g<generation>`): at most 56 letters,
   * digits or `_`, starting with a letter. @default the name, with every character outside
   * `[A-Za-z0-9_]` replaced by `_`
   */
  readonly collection?: string;
  /** Tenant of events without `metadata.tenantId`. @default none (such events fail and are parked) */
  readonly defaultTenantId?: string;
  /**
   * Id of the document an event is about, prefetched (in the event's tenant) with the rest of its
   * batch in one read; return `undefined` for none. Handlers may still read and write any id:
   * documents not prefetched are loaded on first use. @default the event's `streamId`
   */
  readonly documentIdOf?: (event: StoredEvent) => string | undefined;
  /**
   * Stored event types renamed into a handled type by the event store's type aliases, which the
   * processor must therefore read too (the log is filtered on stored types, before upcasting).
   * @default []
   */
  readonly aliasedTypes?: readonly string[];
  /**
   * Also apply appended events inside the append's own transaction (PostgreSQL or in-memory
   * stores): the read model changes atomically with the write, so a read right after a command
   * sees it without waiting. The projection's processor still runs (catch-up after a deploy,
   * rebuilds, appends made without the hook); what the hook applied is a no-op for it, by
   * position. A failing inline handler fails the append. Keep inline handlers cheap.
   * @default false
   */
  readonly inline?: boolean;
}
