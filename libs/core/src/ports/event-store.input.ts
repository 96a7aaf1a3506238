import type { EventMetadata, LogPosition } from '../domain/event-envelope.js';
import { isLogPosition } from '../domain/log-position.js';
import { ConcurrencyError, type ExpectedVersion } from '../errors/concurrency.error.js';
import { DuplicateEventError } from '../errors/duplicate-event.error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';
import type { Clock } from './clock.port.js';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_READ_ALL_LIMIT,
  type ArchiveStreamOptions,
  type ReadAllOptions,
  type ReadDirection,
  type ReadStreamOptions,
  type StreamAppend,
} from './event-store.port.js';
import type { IdGenerator } from './id-generator.port.js';
import { jsonValueIssue, utf8ByteLength } from './json-payload.js';

// Input checks and defaults shared by every EventStore adapter, so that all of them reject
// the same input with the same errors (the contract suite checks it).

/** A {@link NewEvent} with every default filled in. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  /** ISO-8601 UTC with milliseconds. */
  readonly occurredAt: string;
  /** `data` as JSON text (checked against the size limit; adapters may store it as is). */
  readonly dataJson: string;
  /** `metadata` as JSON text. */
  readonly metadataJson: string;
}

/** Dependencies and limits of {@link prepareAppend}. */
export interface PrepareAppendDeps {
  readonly clock: Clock;
  readonly idGenerator: IdGenerator;
  /** Maximum UTF-8 length of one event's `data` JSON. @default DEFAULT_MAX_PAYLOAD_BYTES */
  readonly maxPayloadBytes?: number;
}

/** A validated {@link StreamAppend}. */
export interface PreparedStreamAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly streamType: string | undefined;
  readonly events: readonly PreparedEvent[];
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, min: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min;

function isExpectedVersion(value: unknown): value is ExpectedVersion {
  return value === 'any' || value === 'no_stream' || value === 'stream_exists' || isCount(value, 0);
}

/** Throws a `ValidationError` unless `value` is a usable `maxPayloadBytes` option. */
export function assertMaxPayloadBytes(value: number): number {
  if (!isCount(value, 1)) {
    throw ValidationError.of('maxPayloadBytes', 'must be an integer >= 1', 'isInt');
  }
  return value;
}

/** JSON text of `value` when it is within `maxBytes` UTF-8 bytes, otherwise `undefined`. */
function jsonWithin(value: unknown, maxBytes: number): string | undefined {
  const text = JSON.stringify(value);
  // Each UTF-16 unit takes 1 to 3 UTF-8 bytes: count only when the bounds cannot decide.
  if (text.length > maxBytes) return undefined;
  if (text.length * 3 <= maxBytes) return text;
  return utf8ByteLength(text) <= maxBytes ? text : undefined;
}

/**
 * Validates an append request (collecting every issue into one `ValidationError`), fills in
 * `eventId`, `occurredAt` and `metadata`, serialises `data` and `metadata` (rejecting anything
 * that is not plain JSON, and data above `maxPayloadBytes`), and rejects event ids repeated
 * within the request with a `DuplicateEventError`. Checking ids against stored events is the
 * adapter's job.
 */
export function prepareAppend(
  batches: readonly StreamAppend[],
  deps: PrepareAppendDeps,
): PreparedStreamAppend[] {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string, rule: string) =>
    issues.push({ path, message, rule });
  const now = () => deps.clock.now().toISOString();
  const maxPayloadBytes = deps.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;

  const prepared = batches.map((batch, b): PreparedStreamAppend => {
    const at = batches.length === 1 ? '' : `batches.${b}.`;
    const expectedVersion = batch.expectedVersion ?? 'any';
    if (!isNonEmptyString(batch.streamId))
      issue(`${at}streamId`, 'must be a non-empty string', 'isNotEmpty');
    if (!isExpectedVersion(expectedVersion)) {
      issue(
        `${at}expectedVersion`,
        "must be an integer >= 0, 'any', 'no_stream' or 'stream_exists'",
        'isExpectedVersion',
      );
    }
    if (batch.streamType !== undefined && !isNonEmptyString(batch.streamType)) {
      issue(`${at}streamType`, 'must be a non-empty string when given', 'isNotEmpty');
    }
    if (!Array.isArray(batch.events)) {
      issue(`${at}events`, 'must be an array', 'isArray');
      return {
        streamId: batch.streamId,
        expectedVersion,
        streamType: batch.streamType,
        events: [],
      };
    }
    const events = batch.events.map((event, e): PreparedEvent => {
      const path = `${at}events.${e}`;
      if (event.eventId !== undefined && !isNonEmptyString(event.eventId)) {
        issue(`${path}.eventId`, 'must be a non-empty string when given', 'isNotEmpty');
      }
      if (!isNonEmptyString(event.type))
        issue(`${path}.type`, 'must be a non-empty string', 'isNotEmpty');
      if (!isCount(event.version, 1)) issue(`${path}.version`, 'must be an integer >= 1', 'isInt');
      const metadata = event.metadata ?? {};
      let dataJson = '';
      let metadataJson = '';
      if (!isPlainObject(event.data)) issue(`${path}.data`, 'must be a plain object', 'isObject');
      else {
        const invalid = jsonValueIssue(event.data, `${path}.data`);
        if (invalid) issues.push(invalid);
        else {
          dataJson = jsonWithin(event.data, maxPayloadBytes) ?? '';
          if (!dataJson) {
            issue(
              `${path}.data`,
              `must be at most ${maxPayloadBytes} bytes as JSON; store large content elsewhere and reference it`,
              'maxBytes',
            );
          }
        }
      }
      if (!isPlainObject(metadata)) {
        issue(`${path}.metadata`, 'must be a plain object when given', 'isObject');
      } else {
        const invalid = jsonValueIssue(metadata, `${path}.metadata`);
        if (invalid) issues.push(invalid);
        else metadataJson = JSON.stringify(metadata);
      }
      let occurredAt = '';
      if (event.occurredAt === undefined) occurredAt = now();
      else if (Number.isNaN(new Date(event.occurredAt).getTime())) {
        issue(`${path}.occurredAt`, 'must be a valid date or ISO-8601 string', 'isISO8601');
      } else occurredAt = new Date(event.occurredAt).toISOString();
      return {
        eventId: event.eventId ?? deps.idGenerator.newId(),
        type: event.type,
        version: event.version,
        data: event.data,
        metadata,
        occurredAt,
        dataJson,
        metadataJson,
      };
    });
    return { streamId: batch.streamId, expectedVersion, streamType: batch.streamType, events };
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const seen = new Set<string>();
  for (const event of prepared.flatMap((batch) => batch.events)) {
    if (seen.has(event.eventId)) throw new DuplicateEventError(event.eventId);
    seen.add(event.eventId);
  }
  return prepared;
}

/** Throws `ConcurrencyError` unless a stream at version `actual` satisfies `expected`. */
export function assertExpectedVersion(
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 0) ||
    (expected === 'stream_exists' && actual > 0) ||
    expected === actual;
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
}

/** {@link ArchiveStreamOptions} validated, with defaults. */
export interface ResolvedArchiveStreamOptions {
  readonly expectedVersion: ExpectedVersion;
}

/** Validates `archiveStream` arguments; throws a `ValidationError` listing every issue. */
export function resolveArchiveStreamOptions(
  streamId: string,
  options: ArchiveStreamOptions = {},
): ResolvedArchiveStreamOptions {
  const { expectedVersion = 'any' } = options;
  const issues: ValidationIssue[] = [];
  if (!isNonEmptyString(streamId))
    issues.push({ path: 'streamId', message: 'must be a non-empty string', rule: 'isNotEmpty' });
  if (!isExpectedVersion(expectedVersion)) {
    issues.push({
      path: 'expectedVersion',
      message: "must be an integer >= 0, 'any', 'no_stream' or 'stream_exists'",
      rule: 'isExpectedVersion',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { expectedVersion };
}

/** {@link ReadStreamOptions} validated, with defaults. */
export interface ResolvedReadStreamOptions {
  readonly fromVersion: number;
  /** `undefined`: up to the current version. */
  readonly toVersion: number | undefined;
  readonly direction: ReadDirection;
  /** `undefined`: unlimited. */
  readonly maxCount: number | undefined;
}

/** Validates `readStream` arguments; throws a `ValidationError` listing every issue. */
export function resolveReadStreamOptions(
  streamId: string,
  options: ReadStreamOptions = {},
): ResolvedReadStreamOptions {
  const { fromVersion = 1, toVersion, direction = 'forward', maxCount } = options;
  const issues: ValidationIssue[] = [];
  if (!isNonEmptyString(streamId))
    issues.push({ path: 'streamId', message: 'must be a non-empty string' });
  if (!isCount(fromVersion, 1))
    issues.push({ path: 'fromVersion', message: 'must be an integer >= 1' });
  if (toVersion !== undefined && !isCount(toVersion, 0)) {
    issues.push({ path: 'toVersion', message: 'must be an integer >= 0' });
  }
  if (direction !== 'forward' && direction !== 'backward') {
    issues.push({ path: 'direction', message: "must be 'forward' or 'backward'" });
  }
  if (maxCount !== undefined && !isCount(maxCount, 0)) {
    issues.push({ path: 'maxCount', message: 'must be an integer >= 0' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { fromVersion, toVersion, direction, maxCount };
}

/** {@link ReadAllOptions} validated, with defaults. */
export interface ResolvedReadAllOptions {
  readonly after: LogPosition | null;
  readonly limit: number;
  /** `undefined`: every type. */
  readonly types: ReadonlySet<string> | undefined;
  /** `undefined`: every stream. */
  readonly streamTypes: ReadonlySet<string> | undefined;
}

const isNameList = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.every(isNonEmptyString);

/** Validates `readAll` arguments; throws a `ValidationError` listing every issue. */
export function resolveReadAllOptions(options: ReadAllOptions = {}): ResolvedReadAllOptions {
  const { after = null, limit = DEFAULT_READ_ALL_LIMIT, types, streamTypes } = options;
  const issues: ValidationIssue[] = [];
  if (after !== null && !isLogPosition(after)) {
    issues.push({ path: 'after', message: 'must be a LogPosition of decimal strings, or null' });
  }
  if (!isCount(limit, 1)) issues.push({ path: 'limit', message: 'must be an integer >= 1' });
  if (types !== undefined && !isNameList(types)) {
    issues.push({ path: 'types', message: 'must be an array of non-empty strings' });
  }
  if (streamTypes !== undefined && !isNameList(streamTypes)) {
    issues.push({ path: 'streamTypes', message: 'must be an array of non-empty strings' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    after,
    limit,
    types: types && new Set(types),
    streamTypes: streamTypes && new Set(streamTypes),
  };
}
