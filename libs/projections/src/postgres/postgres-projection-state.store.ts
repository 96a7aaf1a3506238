import { type Clock, NotFoundError, SystemClock } from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { assertValidProjectionStateArgs } from '../projection/projection-state.validation.js';
import {
  ProjectionStateStore,
  type ProjectionState,
} from '../projection/projection-state-store.port.js';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';

/** Options of {@link PostgresProjectionStateStore}. */
export interface PostgresProjectionStateStoreOptions extends ProjectionsSchemaOptions {
  /** Source of `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

interface ProjectionStateRow {
  readonly name: string;
  readonly active_generation: number;
  readonly active_version: number;
  readonly building_generation: number | null;
  readonly building_version: number | null;
  readonly updated_at: Date | string;
}

const COLUMNS =
  'name, active_generation, active_version, building_generation, building_version, updated_at';

/**
 * {@link ProjectionStateStore} in the `projection_states` table. Every transition is one
 * conditional statement (row-locked by PostgreSQL), so instances racing to initialise, start
 * or finish a rebuild agree on one outcome. Statements run through `em.execute`: inside the
 * caller's MikroORM transaction they join it.
 */
export class PostgresProjectionStateStore extends ProjectionStateStore {
  private readonly table: string;
  private readonly clock: Clock;

  constructor(
    private readonly em: SqlEntityManager,
    options: PostgresProjectionStateStoreOptions = {},
  ) {
    super();
    this.table = projectionsTables(options).projectionStates;
    this.clock = options.clock ?? new SystemClock();
  }

  async get(name: string): Promise<ProjectionState | undefined> {
    assertValidProjectionStateArgs({ name });
    const rows = await this.em.execute<ProjectionStateRow[]>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE name = ?`,
      [name],
    );
    return rows[0] && toProjectionState(rows[0]);
  }

  async initialise(name: string, version: number): Promise<ProjectionState> {
    assertValidProjectionStateArgs({ name, version });
    // The no-op update returns the existing row even when a racing insert committed it after
    // this statement's snapshot (DO NOTHING would return nothing then).
    const rows = await this.em.execute<ProjectionStateRow[]>(
      `INSERT INTO ${this.table} AS s (name, active_generation, active_version, updated_at)
       VALUES (?, 1, ?, ?)
       ON CONFLICT (name) DO UPDATE SET name = s.name
       RETURNING ${COLUMNS}`,
      [name, version, this.now()],
    );
    return toProjectionState(rows[0]!);
  }

  async beginRebuild(name: string, version: number): Promise<ProjectionState> {
    assertValidProjectionStateArgs({ name, version });
    const rows = await this.em.execute<ProjectionStateRow[]>(
      `UPDATE ${this.table}
       SET building_generation = active_generation + 1, building_version = ?, updated_at = ?
       WHERE name = ? AND building_generation IS NULL
       RETURNING ${COLUMNS}`,
      [version, this.now(), name],
    );
    if (rows[0]) return toProjectionState(rows[0]);
    const state = await this.get(name);
    if (!state) throw new NotFoundError('Projection', name);
    return state;
  }

  async completeRebuild(name: string, generation: number): Promise<ProjectionState | undefined> {
    assertValidProjectionStateArgs({ name, generation });
    const rows = await this.em.execute<ProjectionStateRow[]>(
      `UPDATE ${this.table}
       SET active_generation = building_generation, active_version = building_version,
           building_generation = NULL, building_version = NULL, updated_at = ?
       WHERE name = ? AND building_generation = ?
       RETURNING ${COLUMNS}`,
      [this.now(), name, generation],
    );
    return rows[0] && toProjectionState(rows[0]);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function toProjectionState(row: ProjectionStateRow): ProjectionState {
  return {
    name: row.name,
    activeGeneration: row.active_generation,
    activeVersion: row.active_version,
    ...(row.building_generation === null ? {} : { buildingGeneration: row.building_generation }),
    ...(row.building_version === null ? {} : { buildingVersion: row.building_version }),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
