import type { ValidationIssue } from '../errors/validation.error.js';

// Stores keep payloads as JSON (PostgreSQL jsonb, Mongo documents, broker messages), so
// anything JSON would silently change (dropping functions, turning NaN into null, Dates into
// strings) or that jsonb refuses (U+0000, lone surrogates) is rejected up front, identically by
// every adapter.

/** U+0000 or a UTF-16 surrogate without its partner: text PostgreSQL cannot store. */
const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isPlainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || prototype === Object.prototype) return true;
  // An `Object.prototype` of another realm (vm contexts, jest, structuredClone across realms)
  // is the end of its own chain too; class instances have one more link.
  return (
    Object.getPrototypeOf(prototype) === null &&
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

/**
 * The first reason `value` is not a JSON value that round-trips unchanged, as a validation
 * issue at `path` (dotted), or `undefined` when it is one. Object properties that are
 * `undefined` are allowed (JSON drops them, and optional fields are common).
 */
export function jsonValueIssue(value: unknown, path: string): ValidationIssue | undefined {
  const seen = new Set<object>();
  const visit = (current: unknown, at: string): ValidationIssue | undefined => {
    const issue = (message: string) => ({ path: at, message, rule: 'isJson' });
    switch (typeof current) {
      case 'string':
        return UNSTORABLE_TEXT.test(current)
          ? issue('must not contain U+0000 or unpaired surrogates')
          : undefined;
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isFinite(current) ? undefined : issue('must be a finite number');
      case 'object':
        break;
      default:
        return issue(`must be a JSON value, got ${typeof current}`);
    }
    if (current === null) return undefined;
    if (seen.has(current)) return issue('must not contain a circular reference');
    if (!Array.isArray(current) && !isPlainPrototype(current)) {
      const name = (current.constructor as { name?: string } | undefined)?.name ?? 'object';
      return issue(`must be plain JSON, got a ${name} (convert it, e.g. a Date to an ISO string)`);
    }
    seen.add(current);
    try {
      if (Array.isArray(current)) {
        for (let i = 0; i < current.length; i++) {
          const found = visit(current[i], `${at}.${i}`);
          if (found) return found;
        }
        return undefined;
      }
      for (const [key, item] of Object.entries(current)) {
        if (UNSTORABLE_TEXT.test(key)) return issue('keys must not contain U+0000 or surrogates');
        if (item === undefined) continue;
        const found = visit(item, `${at}.${key}`);
        if (found) return found;
      }
      return undefined;
    } finally {
      seen.delete(current);
    }
  };
  return visit(value, path);
}

/** Length of `text` encoded as UTF-8, in bytes. */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i += 1;
    } else if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}
