import { assertCollectionName, type StoredEvent } from '@cqrs-ddd/core';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { PROJECTION_HANDLERS, type ProjectionHandlerDeclaration } from './on.decorator.js';
import { ProjectionDiscovery } from './projection.decorator.js';
import type { ProjectionOptions, ProjectionRunOptions } from './projection.options.js';

/** A projection class's declaration, checked and with defaults applied. */
export interface ProjectionMetadata {
  /** The decorated class. */
  readonly target: abstract new (...args: never[]) => object;
  readonly name: string;
  readonly version: number;
  /** Logical collection (physical: `<collection>_g<generation>`). */
  readonly collection: string;
  readonly defaultTenantId?: string;
  readonly documentIdOf: (event: StoredEvent) => string | undefined;
  /** Handler method by stored (current) event type. */
  readonly handlers: ReadonlyMap<string, string | symbol>;
  /** Stored types the processor reads: the handled types plus `aliasedTypes`. */
  readonly readTypes: readonly string[];
  readonly runOptions: ProjectionRunOptions;
  /** Whether appended events are also applied in the append's transaction. */
  readonly inline: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
/** Longest logical collection name: leaves room for `_g<generation>` within 63 characters. */
const MAX_COLLECTION_LENGTH = 56;

/**
 * The `@Projection` declaration of a class (or of an instance's class), validated.
 * @throws ProjectionsConfigurationError when the class is not a projection, its name, version or
 * collection is invalid, it has no `@On` handler, or two handlers claim one event type
 */
export function projectionMetadataOf(classOrInstance: object): ProjectionMetadata {
  const target = (
    typeof classOrInstance === 'function' ? classOrInstance : classOrInstance.constructor
  ) as ProjectionMetadata['target'];
  const options = Reflect.getOwnMetadata(ProjectionDiscovery.KEY, target) as
    ProjectionOptions | undefined;
  function fail(problem: string): never {
    throw new ProjectionsConfigurationError(`Projection ${target.name}: ${problem}`);
  }
  if (!options) return fail('the class is not decorated with @Projection({ name, version }).');
  const { name, version, defaultTenantId, documentIdOf, aliasedTypes = [], inline } = options;
  if (typeof name !== 'string' || !NAME.test(name)) {
    fail(
      `name must be 1-100 letters, digits, "_", "-" or ".", starting with a letter; got ${JSON.stringify(name)}.`,
    );
  }
  if (!Number.isSafeInteger(version) || version < 1) {
    fail(`version must be an integer >= 1, got ${JSON.stringify(version)}.`);
  }
  const collection = options.collection ?? name.replace(/[^A-Za-z0-9_]/g, '_');
  if (collection.length > MAX_COLLECTION_LENGTH || !isCollectionName(collection)) {
    fail(
      `collection must be 1-${MAX_COLLECTION_LENGTH} letters, digits or "_" starting with a letter; ` +
        `got ${JSON.stringify(collection)}.`,
    );
  }
  if (defaultTenantId !== undefined && (typeof defaultTenantId !== 'string' || !defaultTenantId)) {
    fail('defaultTenantId must be a non-empty string when given.');
  }
  const handlers = handlersOf(target, fail);
  const readTypes = [...new Set([...handlers.keys(), ...aliasedTypes])];
  const { batchSize, partitions, leaseTtlMs, leaseRetryMs, retry, onPoison, idlePollMs } = options;
  const runOptions = Object.fromEntries(
    Object.entries({
      batchSize,
      partitions,
      leaseTtlMs,
      leaseRetryMs,
      retry,
      onPoison,
      idlePollMs,
    }).filter(([, value]) => value !== undefined),
  ) as ProjectionRunOptions;
  return {
    target,
    name,
    version,
    collection,
    defaultTenantId,
    documentIdOf: documentIdOf ?? ((event) => event.streamId),
    handlers,
    readTypes,
    runOptions,
    inline: inline === true,
  };
}

/**
 * Checks that projections registered together have distinct names and collections.
 * @throws ProjectionsConfigurationError naming both classes of a clash
 */
export function assertDistinctProjections(projections: readonly ProjectionMetadata[]): void {
  for (const key of ['name', 'collection'] as const) {
    const seen = new Map<string, ProjectionMetadata>();
    for (const projection of projections) {
      const other = seen.get(projection[key]);
      if (other && other.target !== projection.target) {
        throw new ProjectionsConfigurationError(
          `Projections ${other.target.name} and ${projection.target.name} share the ${key} ` +
            `"${projection[key]}"; each projection needs its own.`,
        );
      }
      seen.set(projection[key], projection);
    }
  }
}

function handlersOf(
  target: ProjectionMetadata['target'],
  fail: (problem: string) => never,
): Map<string, string | symbol> {
  const declarations = (Reflect.getMetadata(PROJECTION_HANDLERS, target) ??
    []) as ProjectionHandlerDeclaration[];
  const handlers = new Map<string, string | symbol>();
  for (const { method, types } of declarations) {
    if (typeof (target.prototype as Record<string | symbol, unknown>)[method] !== 'function') {
      fail(`@On() handler ${String(method)} is not a method.`);
    }
    for (const type of types) {
      if (typeof type !== 'string' || type.trim() === '') {
        fail(`@On() on ${String(method)} names an empty event type.`);
      }
      const existing = handlers.get(type);
      if (existing !== undefined && existing !== method) {
        fail(
          `both ${String(existing)}() and ${String(method)}() handle "${type}"; ` +
            'keep one handler per event type.',
        );
      }
      handlers.set(type, method);
    }
  }
  if (handlers.size === 0)
    fail('no @On(EventClass) handler method; a projection needs at least one.');
  return handlers;
}

function isCollectionName(name: string): boolean {
  try {
    assertCollectionName(name);
    return true;
  } catch {
    return false;
  }
}
