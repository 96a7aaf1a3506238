import type { ValidationIssue } from '../errors/validation.error.js';
import type { SortDirection } from './query-options.js';

/**
 * Syntax of API filter strings (the meaning of fields and operators is the schema's job):
 *
 *     filter := term ( "," term )*          terms are ANDed; empty terms are ignored
 *     term   := field ":" operator [ ":" values ]
 *     values := value ( "|" value )*        lists for in/nin/containsAny/containsAll, between
 *
 * e.g. `status:eq:confirmed,total:gt:100,customerId:in:a|b|c`, or
 * `createdAt:between:2024-01-01|2024-12-31`.
 * Everything after the second `:` is the value, so `createdAt:gt:2024-01-01T10:00:00Z` needs no
 * escaping. Inside values:
 * - a backslash makes the next character literal: `\,` `\|` `\:` `\\` (and `\%`);
 * - `%XX` sequences are percent-decoded as UTF-8 (`%2C` is a literal comma), so a filter that
 *   is still URL-encoded also works; a `%` not followed by two hex digits stays literal. If your
 *   HTTP framework already decoded the query string (Express does), a client must send
 *   delimiters inside values backslash-escaped (or encoded twice); see `escapeFilterValue`.
 * - `+` is not a space, and values are not trimmed (field and operator names are).
 */
export interface FilterTerm {
  readonly field: string;
  readonly operator: string;
  /** Decoded values; `undefined` when the term has no `:value` part. */
  readonly values?: readonly string[];
}

/** One parsed sort key, still by API field name. */
export interface SortTerm {
  readonly field: string;
  readonly direction: SortDirection;
}

/** Escapes a value for a filter string: `\`, `,`, `:`, `|` and `%` get a backslash. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\,:|%]/g, (char) => `\\${char}`);
}

/**
 * Splits a filter string into terms. Syntax errors become issues (at `filter.<field>`, or
 * `filter` when there is no field name), so that all problems can be reported together.
 */
export function parseFilterString(input: string): {
  terms: FilterTerm[];
  issues: ValidationIssue[];
} {
  const terms: FilterTerm[] = [];
  const issues: ValidationIssue[] = [];
  for (const rawTerm of splitUnescaped(input, ',')) {
    if (rawTerm.trim() === '') continue;
    const [rawField, rawOperator, rawValue] = splitUnescaped(rawTerm, ':', 3);
    const field = decodeFilterPart(rawField)?.trim();
    const path = field ? `filter.${field}` : 'filter';
    const operator = rawOperator === undefined ? undefined : decodeFilterPart(rawOperator)?.trim();
    if (!field || !operator) {
      issues.push({
        path,
        message: `"${rawTerm}" is not a filter term; expected field:operator[:value]`,
        rule: 'malformed',
      });
      continue;
    }
    const values =
      rawValue === undefined ? undefined : splitUnescaped(rawValue, '|').map(decodeFilterPart);
    if (values?.some((value) => value === undefined)) {
      issues.push({
        path,
        message: 'has a malformed value: a trailing backslash or an invalid %-encoding',
        rule: 'malformed',
      });
      continue;
    }
    terms.push({ field, operator, values: values as string[] | undefined });
  }
  return { terms, issues };
}

/** Parses `-updatedAt,id` (`-` descending, optional `+` ascending); issues at path `sort`. */
export function parseSortString(input: string): { terms: SortTerm[]; issues: ValidationIssue[] } {
  const terms: SortTerm[] = [];
  const issues: ValidationIssue[] = [];
  for (const token of input.split(',').map((part) => part.trim())) {
    if (token === '') continue;
    const direction: SortDirection = token.startsWith('-') ? 'desc' : 'asc';
    const field = /^[-+]/.test(token) ? token.slice(1).trim() : token;
    if (!field) {
      issues.push({ path: 'sort', message: `"${token}" names no field`, rule: 'malformed' });
    } else if (terms.some((term) => term.field === field)) {
      issues.push({ path: 'sort', message: `sorts by "${field}" twice`, rule: 'duplicate' });
    } else {
      terms.push({ field, direction });
    }
  }
  return { terms, issues };
}

/** Splits on `separator` where it is not backslash-escaped; at most `limit` pieces. */
function splitUnescaped(text: string, separator: string, limit = Infinity): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && pieces.length < limit - 1; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === separator) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

const PERCENT = /^%[0-9A-Fa-f]{2}/;

/** Resolves backslash escapes and `%XX` sequences; `undefined` when malformed. */
function decodeFilterPart(raw: string): string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let result = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) result += decoder.decode(Uint8Array.from(bytes));
    bytes = [];
  };
  try {
    for (let i = 0; i < raw.length; i += 1) {
      if (PERCENT.test(raw.slice(i, i + 3))) {
        bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16));
        i += 2;
        continue;
      }
      flush();
      if (raw[i] === '\\') {
        if (i + 1 >= raw.length) return undefined;
        i += 1;
      }
      result += raw[i];
    }
    flush();
  } catch {
    return undefined;
  }
  return result;
}
