import { Migration } from '@mikro-orm/migrations';
import {
  DEFAULT_EVENT_STORE_SCHEMA,
  DEFAULT_EVENT_STORE_TABLE_PREFIX,
  eventStoreSchemaNames,
  type EventStoreSchemaOptions,
} from '../event-store-schema.options.js';
import { dropEventStoreSql, initialEventStoreSql } from './event-store-initial.sql.js';

/** One of the event store's migrations; a MikroORM `MigrationObject`. */
export interface EventStoreMigration {
  readonly name: string;
  readonly class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}

/**
 * The event store's schema migrations, as MikroORM migration classes, oldest first. Their SQL
 * is idempotent, so they may run through MikroORM's migrator, {@link migrateEventStore}, or both.
 *
 * With MikroORM's CLI, list them before the application's own migrations:
 *
 * ```ts
 * // mikro-orm.config.ts
 * export default defineConfig({
 *   migrations: { migrationsList: [...eventStoreMigrations(), ...appMigrations] },
 * });
 * // then: npx mikro-orm migration:up
 * ```
 *
 * Names are stable; a store with a non-default schema or prefix gets names of its own, so
 * several stores in one database are tracked independently.
 */
export function eventStoreMigrations(options: EventStoreSchemaOptions = {}): EventStoreMigration[] {
  const names = eventStoreSchemaNames(options);
  const isDefault =
    names.schema === DEFAULT_EVENT_STORE_SCHEMA &&
    names.tablePrefix === DEFAULT_EVENT_STORE_TABLE_PREFIX;
  const suffix = isDefault ? '' : `_${names.schema}_${names.tablePrefix}`;

  const initialName = `Migration20261101000000_CqrsEventStoreInitial${suffix}`;
  class CqrsEventStoreInitialMigration extends Migration {
    override name = initialName;

    up(): void {
      for (const sql of initialEventStoreSql(names)) this.addSql(sql);
    }

    override down(): void {
      for (const sql of dropEventStoreSql(names)) this.addSql(sql);
    }
  }

  return [{ name: initialName, class: CqrsEventStoreInitialMigration }];
}
