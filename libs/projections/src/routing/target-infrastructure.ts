import { SHARED_STORAGE_TARGET, type StorageTarget } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import type { Connection } from 'mongoose';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import {
  createProjectionsInfrastructure,
  type ProjectionsInfrastructure,
  type ProjectionsInfrastructureSources,
} from '../module/projections-infrastructure.js';
import type { ProjectionsModuleOptions } from '../module/projections-module.options.js';
import { fnv1a32 } from '../processor/stream-partition.js';

/**
 * Whether `target` keeps its own tables (a schema or a database of its own), so the projections
 * run a separate engine and stores for it. Any other target, whatever its key, is the shared one.
 */
export function isDedicatedTarget(target: StorageTarget): boolean {
  return (
    target.key !== SHARED_STORAGE_TARGET.key &&
    (target.schema !== undefined || target.connection !== undefined)
  );
}

/**
 * The module options as they apply to `target`: PostgreSQL tables in the target's schema
 * (else the configured one, e.g. in a tenant's own database).
 */
export function targetProjectionsOptions(
  options: ProjectionsModuleOptions,
  target: StorageTarget,
): ProjectionsModuleOptions {
  const schema = target.schema ?? options.postgres?.schema;
  return { ...options, postgres: { ...options.postgres, schema } };
}

/**
 * Builds the stores of a dedicated `target`, as `createProjectionsInfrastructure` does for the
 * shared one: PostgreSQL store and coordination on the target's MikroORM (`target.connection`)
 * or the application's, in `target.schema` (migrated unless `postgres.migrate` is off); MongoDB
 * read models in a database of the target's own on the same connection (`<db>_<target>`);
 * memory stores of its own.
 * @throws ProjectionsConfigurationError when the target's connection is not a MikroORM, or a
 * driver's connection is missing
 */
export function createTargetInfrastructure(
  options: ProjectionsModuleOptions,
  target: StorageTarget,
  { orm, mongo, clock }: ProjectionsInfrastructureSources,
): Promise<ProjectionsInfrastructure> {
  const targetOrm = target.connection === undefined ? orm : asMikroOrm(target);
  const targetMongo = options.store === 'mongo' && mongo ? mongoDatabaseOf(mongo, target) : mongo;
  return createProjectionsInfrastructure(targetProjectionsOptions(options, target), {
    orm: targetOrm,
    mongo: targetMongo,
    clock,
  });
}

function asMikroOrm(target: StorageTarget): MikroORM {
  const connection = target.connection as { em?: unknown } | null;
  if (typeof connection !== 'object' || connection === null || typeof connection.em !== 'object') {
    throw new ProjectionsConfigurationError(
      `Storage target "${target.key}" has a connection that is not a MikroORM instance: the ` +
        'projections module runs its PostgreSQL stores on the MikroORM of the target.',
    );
  }
  return connection as unknown as MikroORM;
}

/** Longest MongoDB database name. */
const MONGO_DATABASE_NAME_MAX = 63;

/**
 * The target's own database on the app's MongoDB connection: `<db>_<target key, sanitised>`,
 * shortened with a hash of the key when too long.
 */
function mongoDatabaseOf(mongo: Connection, target: StorageTarget): Connection {
  let name = `${mongo.name}_${target.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  if (name.length > MONGO_DATABASE_NAME_MAX) {
    const hash = fnv1a32(target.key).toString(16).padStart(8, '0');
    name = `${name.slice(0, MONGO_DATABASE_NAME_MAX - hash.length - 1)}_${hash}`;
  }
  return mongo.useDb(name, { useCache: true });
}
