import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { assertValidProcessorName } from '../processor/in-memory-processor-suspension.store.js';
import { ProcessorSuspensionStore } from '../processor/processor-suspension-store.port.js';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';

/**
 * {@link ProcessorSuspensionStore} in the `processor_suspensions` table (one row per suspended
 * processor), shared by every instance on the database (`coordination: 'postgres'`).
 */
export class PostgresProcessorSuspensionStore extends ProcessorSuspensionStore {
  private readonly table: string;

  constructor(
    private readonly em: SqlEntityManager,
    options: ProjectionsSchemaOptions = {},
  ) {
    super();
    this.table = projectionsTables(options).processorSuspensions;
  }

  async isSuspended(processorName: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `SELECT 1 FROM ${this.table} WHERE processor_name = ?`,
      [assertValidProcessorName(processorName)],
    );
    return rows.length > 0;
  }

  async suspend(processorName: string): Promise<void> {
    await this.em.execute(
      `INSERT INTO ${this.table} (processor_name) VALUES (?) ON CONFLICT DO NOTHING`,
      [assertValidProcessorName(processorName)],
    );
  }

  async unsuspend(processorName: string): Promise<void> {
    await this.em.execute(`DELETE FROM ${this.table} WHERE processor_name = ?`, [
      assertValidProcessorName(processorName),
    ]);
  }
}
