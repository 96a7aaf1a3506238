import { ValidationError } from '@cqrs-ddd/core';

/** Where the event store's tables live. Shared by the stores, the migrations and the tests. */
export interface EventStoreSchemaOptions {
  /**
   * PostgreSQL schema of the event store's tables and functions (created by the migrations when
   * missing). Lower-case letters, digits and `_`.
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Prefix of every table, function and notification channel name, so that the store can share
   * a schema with the application's own tables. Lower-case letters, digits and `_`.
   * @default 'cqrs_'
   */
  readonly tablePrefix?: string;
}

/** Default {@link EventStoreSchemaOptions.schema}. */
export const DEFAULT_EVENT_STORE_SCHEMA = 'public';
/** Default {@link EventStoreSchemaOptions.tablePrefix}. */
export const DEFAULT_EVENT_STORE_TABLE_PREFIX = 'cqrs_';

/** Quoted, schema-qualified names of everything the event store creates. */
export interface EventStoreSchemaNames {
  readonly schema: string;
  readonly tablePrefix: string;
  /** `"schema"` */
  readonly quotedSchema: string;
  readonly streams: string;
  readonly messages: string;
  readonly snapshots: string;
  readonly migrations: string;
  /** Appends to one stream (the common case: one statement, one row lock). */
  readonly appendFunction: string;
  /** Appends to several streams atomically. */
  readonly appendManyFunction: string;
  readonly archiveFunction: string;
  /** Unquoted name of the LISTEN/NOTIFY channel (at most 63 bytes). */
  readonly channel: string;
  /** Unquoted prefix of constraint and index names. */
  readonly constraintPrefix: string;
  /** Key of the advisory lock that serialises concurrent migrations (a stable 31-bit number). */
  readonly lockClass: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
// The longest generated name is `<prefix>messages_stream_version_key` (28 characters).
const MAX_PREFIX_LENGTH = 63 - 28;

/** A stable 31-bit hash (FNV-1a) of `text`, so the lock key is the same in every process. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x7fffffff;
}

/** Validates the options and derives every name; throws a `ValidationError` for bad names. */
export function eventStoreSchemaNames(
  options: EventStoreSchemaOptions = {},
): EventStoreSchemaNames {
  const schema = options.schema ?? DEFAULT_EVENT_STORE_SCHEMA;
  const tablePrefix = options.tablePrefix ?? DEFAULT_EVENT_STORE_TABLE_PREFIX;
  const issues = [];
  if (!IDENTIFIER.test(schema) || schema.length > 63) {
    issues.push({
      path: 'schema',
      message: 'must be 1-63 lower-case letters, digits or _, not starting with a digit',
      rule: 'isIdentifier',
    });
  }
  if (
    tablePrefix !== '' &&
    (!IDENTIFIER.test(tablePrefix) || tablePrefix.length > MAX_PREFIX_LENGTH)
  ) {
    issues.push({
      path: 'tablePrefix',
      message: `must be empty or up to ${MAX_PREFIX_LENGTH} lower-case letters, digits or _, not starting with a digit`,
      rule: 'isIdentifier',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const quotedSchema = `"${schema}"`;
  const name = (suffix: string) => `${quotedSchema}."${tablePrefix}${suffix}"`;
  return {
    schema,
    tablePrefix,
    quotedSchema,
    streams: name('streams'),
    messages: name('messages'),
    snapshots: name('snapshots'),
    migrations: name('schema_migrations'),
    appendFunction: name('append_to_stream'),
    appendManyFunction: name('append_to_streams'),
    archiveFunction: name('archive_stream'),
    channel: `${schema}.${tablePrefix}messages`.slice(0, 63),
    constraintPrefix: tablePrefix,
    lockClass: stableHash(`${schema}.${tablePrefix}schema_migrations`),
  };
}
