import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors/validation.error.js';
import {
  type BlobInfo,
  type BlobListOptions,
  type BlobListPage,
  type BlobPutOptions,
  BlobStorage,
  type StoredBlob,
} from '../../ports/blob-storage.port.js';
import { Clock } from '../../ports/clock.port.js';
import { SystemClock } from '../system-clock.adapter.js';

/** Options of {@link InMemoryBlobStorage}. */
export interface InMemoryBlobStorageOptions {
  /** Source of `lastModified`. @default new SystemClock() */
  readonly clock?: Clock;
}

interface Entry extends Omit<BlobInfo, 'lastModified'> {
  readonly bytes: Uint8Array;
  readonly lastModified: number;
}

const CURSOR_PREFIX = 'after:';

/** {@link BlobStorage} held in process memory (tests, embedded mode). */
export class InMemoryBlobStorage extends BlobStorage {
  private readonly clock: Clock;
  private readonly blobs = new Map<string, Entry>();

  constructor(options: InMemoryBlobStorageOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
  }

  async put(key: string, body: Uint8Array | string, options?: BlobPutOptions): Promise<BlobInfo> {
    const { bytes, contentType, metadata } = this.preparePut(key, body, options);
    const etag = createHash('sha256').update(bytes).digest('base64url');
    const entry: Entry = {
      key,
      bytes,
      size: bytes.byteLength,
      etag,
      contentType,
      metadata,
      lastModified: this.clock.now().getTime(),
    };
    this.blobs.set(key, entry);
    return InMemoryBlobStorage.info(entry);
  }

  async get(key: string): Promise<StoredBlob | null> {
    this.assertValidKey(key);
    const entry = this.blobs.get(key);
    return entry
      ? { ...InMemoryBlobStorage.info(entry), bytes: new Uint8Array(entry.bytes) }
      : null;
  }

  async delete(key: string): Promise<void> {
    this.assertValidKey(key);
    this.blobs.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    this.assertValidKey(key);
    return this.blobs.has(key);
  }

  async list(prefix: string, options: BlobListOptions = {}): Promise<BlobListPage> {
    const { limit } = this.prepareList(prefix, options);
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const afterBytes = after === undefined ? undefined : Buffer.from(after);
    const matching = [...this.blobs.values()]
      .map((entry) => ({ entry, sortKey: Buffer.from(entry.key) }))
      .filter(({ entry, sortKey }) => {
        return (
          entry.key.startsWith(prefix) && (!afterBytes || Buffer.compare(sortKey, afterBytes) > 0)
        );
      })
      .sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
    const page = matching.slice(0, limit).map(({ entry }) => ({
      key: entry.key,
      size: entry.size,
      etag: entry.etag,
      lastModified: new Date(entry.lastModified),
    }));
    return matching.length > limit
      ? { items: page, nextCursor: encodeCursor(page.at(-1)!.key) }
      : { items: page };
  }

  private static info(entry: Entry): BlobInfo {
    const { key, size, etag, contentType, metadata, lastModified } = entry;
    return {
      key,
      size,
      etag,
      contentType,
      metadata: { ...metadata },
      lastModified: new Date(lastModified),
    };
  }
}

function encodeCursor(lastKey: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${lastKey}`).toString('base64url');
}

function decodeCursor(cursor: unknown): string {
  if (typeof cursor === 'string') {
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const lastKey = decoded.slice(CURSOR_PREFIX.length);
    const roundTrips = Buffer.from(decoded).toString('base64url') === cursor;
    if (roundTrips && decoded.startsWith(CURSOR_PREFIX) && lastKey.length > 0) return lastKey;
  }
  throw ValidationError.of(
    'cursor',
    'is not a cursor returned by list(); start again from the first page',
    'isCursor',
  );
}
