import { ValidationError } from '../errors/validation.error.js';
import {
  assertValidBlobKey,
  assertValidBlobPrefix,
  blobPutOptionIssues,
} from './blob-storage.validation.js';

/** Options of {@link BlobStorage.put}. */
export interface BlobPutOptions {
  /**
   * Media type stored with the blob.
   * @default 'text/plain; charset=utf-8' for a string body, 'application/octet-stream' for bytes
   */
  readonly contentType?: string;
  /**
   * User metadata: names of lower-case letters, digits and `-`; printable ASCII values;
   * 2 KiB in total (portable to S3 headers).
   * @default {}
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Everything about a stored blob except its bytes. */
export interface BlobInfo {
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  /** Opaque version tag: changes whenever the content changes. */
  readonly etag: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** When the current version was written (object stores keep second precision). */
  readonly lastModified: Date;
}

/** A blob read with {@link BlobStorage.get}. */
export interface StoredBlob extends BlobInfo {
  /** The content (a copy: mutating it changes nothing stored). */
  readonly bytes: Uint8Array;
}

/** Options of {@link BlobStorage.list}. */
export interface BlobListOptions {
  /**
   * Largest page size (positive integer; values above 1000 are served as 1000).
   * @default 1000
   */
  readonly limit?: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string;
}

/** A listed blob. */
export type BlobListItem = Pick<BlobInfo, 'key' | 'size' | 'etag' | 'lastModified'>;

/** One page of {@link BlobStorage.list}. */
export interface BlobListPage {
  /** Blobs in ascending key order (UTF-8 byte order). */
  readonly items: readonly BlobListItem[];
  /** Cursor of the next page; absent when this page is the last. */
  readonly nextCursor?: string;
}

/** Largest page {@link BlobStorage.list} returns. */
export const BLOB_LIST_MAX_LIMIT = 1_000;

/**
 * Object storage for binary content (documents, exports, attachments), held whole in memory
 * per call. Keys are `/`-separated paths validated by the same portable rules everywhere: at
 * most 1024 UTF-8 bytes, no leading `/`, no empty, `.` or `..` segments, no `\` or control
 * characters (violations throw `ValidationError`).
 */
export abstract class BlobStorage {
  /** Stores `body` under `key`, replacing any previous blob (content, type and metadata). */
  abstract put(key: string, body: Uint8Array | string, options?: BlobPutOptions): Promise<BlobInfo>;

  /** The blob under `key`, or `null`. */
  abstract get(key: string): Promise<StoredBlob | null>;

  /** Deletes the blob under `key`; deleting a missing key succeeds (idempotent). */
  abstract delete(key: string): Promise<void>;

  /** Whether a blob is stored under `key`. */
  abstract exists(key: string): Promise<boolean>;

  /**
   * Blobs whose key starts with `prefix` (`''` for all), one page at a time. Paging resumes
   * strictly after the last key of the previous page, so blobs are never returned twice and
   * none present for the whole listing is skipped, even when blobs change between pages.
   * @throws ValidationError for an invalid prefix, limit or cursor.
   */
  abstract list(prefix: string, options?: BlobListOptions): Promise<BlobListPage>;

  /** @throws ValidationError for an invalid key. */
  protected assertValidKey(key: string): void {
    assertValidBlobKey(key);
  }

  /**
   * Validates a put and resolves its body to bytes and its content type to the default.
   * @throws ValidationError listing every invalid field.
   */
  protected preparePut(
    key: string,
    body: Uint8Array | string,
    options: BlobPutOptions = {},
  ): { bytes: Uint8Array; contentType: string; metadata: Record<string, string> } {
    assertValidBlobKey(key);
    const isText = typeof body === 'string';
    if (!isText && !(body instanceof Uint8Array)) {
      throw ValidationError.of('body', 'must be a Uint8Array or a string', 'isBytes');
    }
    const issues = blobPutOptionIssues(options.contentType, options.metadata);
    if (issues.length > 0) throw new ValidationError(issues);
    return {
      bytes: isText ? new TextEncoder().encode(body) : new Uint8Array(body),
      contentType:
        options.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/octet-stream'),
      metadata: { ...options.metadata },
    };
  }

  /**
   * Validates list arguments and resolves the page size.
   * @throws ValidationError for an invalid prefix or limit (cursors are the adapter's to check).
   */
  protected prepareList(prefix: string, options: BlobListOptions = {}): { limit: number } {
    assertValidBlobPrefix(prefix);
    const { limit = BLOB_LIST_MAX_LIMIT } = options;
    if (!(Number.isSafeInteger(limit) && limit > 0)) {
      throw ValidationError.of('limit', 'must be a positive integer', 'isPositive');
    }
    return { limit: Math.min(limit, BLOB_LIST_MAX_LIMIT) };
  }
}
