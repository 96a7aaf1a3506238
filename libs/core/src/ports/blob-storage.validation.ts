import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';

/**
 * Portable rules for blob keys, prefixes and metadata: the intersection of what object
 * stores (S3 and compatibles) and file systems accept safely, so a key valid on one adapter
 * is valid on all and can never escape a base directory.
 */

/** Longest key, in UTF-8 bytes (the S3 limit). */
export const BLOB_KEY_MAX_BYTES = 1_024;
/** Largest total user metadata (keys + values), in bytes (the S3 limit). */
export const BLOB_METADATA_MAX_BYTES = 2_048;

const utf8 = new TextEncoder();
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const METADATA_KEY = /^[a-z0-9][a-z0-9-]*$/;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

function pathIssues(path: string, value: string, isPrefix: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (message: string, rule: string) => issues.push({ path, message, rule });
  if (utf8.encode(value).byteLength > BLOB_KEY_MAX_BYTES) {
    fail(`must be at most ${BLOB_KEY_MAX_BYTES} UTF-8 bytes`, 'maxLength');
  }
  if (value.startsWith('/')) fail('must not start with "/"', 'noLeadingSlash');
  if (FORBIDDEN_CHARACTERS.test(value)) {
    fail('must not contain control characters or "\\"', 'forbiddenCharacter');
  }
  const segments = value.split('/');
  if (isPrefix && segments.at(-1) === '') segments.pop();
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    fail('must not contain "." or ".." path segments', 'noDotSegments');
  } else if (value.length > 0 && segments.some((segment) => segment === '')) {
    fail(
      isPrefix ? 'must not contain "//"' : 'must not contain "//" or end with "/"',
      'noEmptySegment',
    );
  }
  return issues;
}

/** @throws ValidationError unless `key` is a valid, non-empty blob key. */
export function assertValidBlobKey(key: string, path = 'key'): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw ValidationError.of(path, 'must be a non-empty string', 'isNotEmpty');
  }
  const issues = pathIssues(path, key, false);
  if (issues.length > 0) throw new ValidationError(issues);
}

/** @throws ValidationError unless `prefix` is `''` or a valid key prefix (may end with `/`). */
export function assertValidBlobPrefix(prefix: string): void {
  if (typeof prefix !== 'string')
    throw ValidationError.of('prefix', 'must be a string', 'isString');
  const issues = pathIssues('prefix', prefix, true);
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Problems with a content type and user metadata (empty when valid). */
export function blobPutOptionIssues(
  contentType: string | undefined,
  metadata: Readonly<Record<string, string>> | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (
    contentType !== undefined &&
    !(typeof contentType === 'string' && CONTENT_TYPE.test(contentType))
  ) {
    issues.push({
      path: 'contentType',
      message: 'must be a media type like "image/png"',
      rule: 'isMimeType',
    });
  }
  let size = 0;
  for (const [name, value] of Object.entries(metadata ?? {})) {
    size += name.length + (typeof value === 'string' ? value.length : 0);
    if (!METADATA_KEY.test(name)) {
      issues.push({
        path: `metadata.${name}`,
        message: 'name must use lower-case letters, digits and "-"',
        rule: 'metadataKey',
      });
    }
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) {
      issues.push({
        path: `metadata.${name}`,
        message: 'must be a printable ASCII string',
        rule: 'isAscii',
      });
    }
  }
  if (size > BLOB_METADATA_MAX_BYTES) {
    issues.push({
      path: 'metadata',
      message: `must total at most ${BLOB_METADATA_MAX_BYTES} bytes`,
      rule: 'maxLength',
    });
  }
  return issues;
}
