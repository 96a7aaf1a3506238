import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import type { FieldPath } from './field-path.js';
import { parseFilterString, parseSortString } from './filter-string.parser.js';
import { decodeCursor } from './query-cursor.js';
import {
  type QueryFieldDefinition,
  type ResolvedQueryField,
  compileFilterTerm,
  resolveQueryField,
} from './query-field.js';
import { type QueryOptions, type SortField, normalizeSort } from './query-options.js';
import { type SpecInput, toSpecification } from './spec-input.js';
import type { Specification } from './specification.types.js';

/** A resource's query allow-list and paging limits. */
export interface QuerySchemaDefinition<T = unknown> {
  /** Filterable and sortable fields by API name (letters, digits, `_` and `.`). */
  readonly fields: Readonly<Record<string, QueryFieldDefinition<T>>>;
  /** Largest page a client may ask for. @default 100 */
  readonly maxLimit?: number;
  /** Page size when the client asks for none. @default 20 */
  readonly defaultLimit?: number;
  /**
   * Sort used when the client gives none, in sort-string syntax (`-updatedAt`).
   * @default '' (by `id`)
   */
  readonly defaultSort?: string;
  /** Most terms a filter may have. @default 20 */
  readonly maxFilterTerms?: number;
  /** Most values a list operator (in, nin, containsAny, containsAll) may get. @default 100 */
  readonly maxListValues?: number;
}

/** Raw query parameters, e.g. Express's `req.query` or GraphQL arguments mapped to these names. */
export interface QueryParameters {
  /** Filter string; several (`?filter=a&filter=b`) are ANDed. */
  readonly filter?: unknown;
  /** Sort string, e.g. `-updatedAt,id`. */
  readonly sort?: unknown;
  /** Page size (number or decimal text). */
  readonly limit?: unknown;
  /** `nextCursor` of the previous page. */
  readonly cursor?: unknown;
}

/** What `QuerySchema#parse` returns: query options with limit and sort always set. */
export type ParsedQuery<T> = QueryOptions<T> & {
  readonly limit: number;
  readonly sort: readonly SortField<T>[];
};

/**
 * Parses API query parameters against an allow-list. Every problem — unknown field,
 * disallowed operator, malformed value, bad limit, unsortable sort field, foreign cursor — is
 * collected into one `ValidationError` whose issues name the parameter (`filter.total`,
 * `sort`, `limit`, `cursor`).
 */
export class QuerySchema<T = unknown> {
  private readonly fields = new Map<string, ResolvedQueryField>();
  private readonly maxLimit: number;
  private readonly defaultLimit: number;
  private readonly defaultSort: readonly SortField<T>[];
  private readonly maxFilterTerms: number;
  private readonly maxListValues: number;

  /** Throws a `TypeError` when the definition itself is inconsistent (a programming error). */
  constructor(definition: QuerySchemaDefinition<T>) {
    for (const [name, field] of Object.entries(definition.fields)) {
      this.fields.set(name, resolveQueryField(name, field));
    }
    this.maxLimit = positiveInt(definition.maxLimit ?? 100, 'maxLimit');
    this.defaultLimit = positiveInt(definition.defaultLimit ?? 20, 'defaultLimit');
    if (this.defaultLimit > this.maxLimit) throw new TypeError('defaultLimit exceeds maxLimit');
    this.maxFilterTerms = positiveInt(definition.maxFilterTerms ?? 20, 'maxFilterTerms');
    this.maxListValues = positiveInt(definition.maxListValues ?? 100, 'maxListValues');
    const issues: ValidationIssue[] = [];
    this.defaultSort = this.parseSort(definition.defaultSort ?? '', issues);
    if (issues.length > 0) {
      throw new TypeError(`defaultSort: ${issues.map((i) => i.message).join('; ')}`);
    }
  }

  /**
   * Turns raw parameters into query options, or throws a `ValidationError` with every issue.
   * `within` restricts the results further (e.g. the caller's access-control filter): it is
   * ANDed with the client's filter before the cursor is checked, so the cursors of a restricted
   * query stay valid for it and for it only.
   */
  parse(parameters: QueryParameters = {}, within?: SpecInput): ParsedQuery<T> {
    const issues: ValidationIssue[] = [];
    const filter = restrictTo(this.parseFilter(parameters.filter, issues), within);
    const sort =
      parameters.sort === undefined || parameters.sort === ''
        ? this.defaultSort
        : typeof parameters.sort === 'string'
          ? this.parseSort(parameters.sort, issues)
          : (issues.push({ path: 'sort', message: 'must be a single string', rule: 'isString' }),
            []);
    const limit = this.parseLimit(parameters.limit, issues);
    const cursor =
      parameters.cursor === undefined || parameters.cursor === '' ? undefined : parameters.cursor;
    if (cursor !== undefined && typeof cursor !== 'string') {
      issues.push({ path: 'cursor', message: 'must be a single string', rule: 'isString' });
    } else if (cursor !== undefined && issues.length === 0) {
      try {
        decodeCursor(cursor, { sort: normalizeSort(sort as readonly SortField[]), filter });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return { filter, sort, limit, ...(cursor === undefined ? {} : { cursor: cursor as string }) };
  }

  private parseLimit(raw: unknown, issues: ValidationIssue[]): number {
    if (raw === undefined || raw === '') return this.defaultLimit;
    const limit =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\d+$/.test(raw.trim())
          ? Number(raw)
          : NaN;
    if (Number.isSafeInteger(limit) && limit >= 1 && limit <= this.maxLimit) return limit;
    issues.push({
      path: 'limit',
      message: `must be an integer from 1 to ${this.maxLimit}, got ${JSON.stringify(raw)}`,
      rule: 'isInRange',
    });
    return this.defaultLimit;
  }

  private parseSort(raw: string, issues: ValidationIssue[]): SortField<T>[] {
    const parsed = parseSortString(raw);
    issues.push(...parsed.issues);
    const sort: SortField<T>[] = [];
    for (const { field, direction } of parsed.terms) {
      const definition = this.fields.get(field);
      if (!definition?.sortable) {
        const sortable = [...this.fields].filter(([, f]) => f.sortable).map(([name]) => name);
        issues.push({
          path: 'sort',
          message: `cannot sort by "${field}"; sortable fields: ${sortable.join(', ') || 'none'}`,
          rule: definition ? 'notSortable' : 'unknownField',
        });
      } else {
        sort.push({ field: definition.path as FieldPath<T>, direction });
      }
    }
    return sort;
  }

  private parseFilter(raw: unknown, issues: ValidationIssue[]): Specification | undefined {
    if (raw === undefined) return undefined;
    const texts = Array.isArray(raw) ? raw : [raw];
    if (!texts.every((text) => typeof text === 'string')) {
      issues.push({ path: 'filter', message: 'must be a string', rule: 'isString' });
      return undefined;
    }
    const parsed = parseFilterString(texts.join(','));
    issues.push(...parsed.issues);
    if (parsed.terms.length > this.maxFilterTerms) {
      issues.push({
        path: 'filter',
        message: `has ${parsed.terms.length} terms; at most ${this.maxFilterTerms} are allowed`,
        rule: 'maxTerms',
      });
      return undefined;
    }
    const specs = parsed.terms.flatMap(
      (term) => compileFilterTerm(term, this.fields, this.maxListValues, issues) ?? [],
    );
    return specs.length === 0 ? undefined : specs.length === 1 ? specs[0] : { op: 'and', specs };
  }
}

/** Builds a {@link QuerySchema}; see {@link QuerySchemaDefinition}. */
export function defineQuerySchema<T = unknown>(
  definition: QuerySchemaDefinition<T>,
): QuerySchema<T> {
  return new QuerySchema<T>(definition);
}

function positiveInt(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value;
}

function restrictTo(
  filter: Specification | undefined,
  within: SpecInput | undefined,
): Specification | undefined {
  if (within === undefined) return filter;
  const restriction = toSpecification(within);
  return filter === undefined ? restriction : { op: 'and', specs: [restriction, filter] };
}
