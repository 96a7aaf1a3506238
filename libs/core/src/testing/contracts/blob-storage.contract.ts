import { describe, expect, it } from '@jest/globals';
import type { BlobStorage } from '../../ports/blob-storage.port.js';
import { expectCode, readPages, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeBlobStorageContract` needs: a fresh, empty storage per test. */
export type BlobStorageContractSubject = ContractSubject<BlobStorage>;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * Contract every {@link BlobStorage} adapter must pass: byte-exact round trips with type and
 * metadata, overwrite and delete semantics, portable key validation, and ordered pagination
 * without duplicates or gaps.
 */
export function describeBlobStorageContract(
  name: string,
  factory: ContractFactory<BlobStorageContractSubject>,
): void {
  describe(`BlobStorage contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const blobs = () => subject().adapter;

    /** Keys of every page under `prefix` (from `after`, a cursor, when given). */
    async function listAll(prefix: string, limit: number, after?: string): Promise<string[]> {
      const pages = await readPages((cursor) => blobs().list(prefix, { limit, cursor }), after);
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(limit);
      return pages.flatMap((page) => page.items.map((item) => item.key));
    }

    describe('put and get', () => {
      it('round-trips bytes with their size, type, metadata, etag and time', async () => {
        const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
        const info = await blobs().put('files/all-bytes.bin', bytes, {
          contentType: 'application/x-test',
          metadata: { 'uploaded-by': 'user-1', purpose: 'test' },
        });
        const blob = await blobs().get('files/all-bytes.bin');
        expect(blob).not.toBeNull();
        expect([...blob!.bytes]).toEqual([...bytes]);
        expect(blob).toMatchObject({
          key: 'files/all-bytes.bin',
          size: 256,
          contentType: 'application/x-test',
          metadata: { 'uploaded-by': 'user-1', purpose: 'test' },
          etag: info.etag,
        });
        expect(info).toMatchObject({ key: 'files/all-bytes.bin', size: 256 });
        expect(blob!.etag.length).toBeGreaterThan(0);
        expect(blob!.lastModified).toBeInstanceOf(Date);
        expect(Number.isNaN(blob!.lastModified.getTime())).toBe(false);
      });

      it('stores strings as UTF-8 text and defaults the content types', async () => {
        await blobs().put('notes/hello.txt', 'héllo 𝄞');
        const note = await blobs().get('notes/hello.txt');
        expect(text(note!.bytes)).toBe('héllo 𝄞');
        expect(note!.size).toBe(new TextEncoder().encode('héllo 𝄞').byteLength);
        expect(note!.contentType).toBe('text/plain; charset=utf-8');
        expect(note!.metadata).toEqual({});
        await blobs().put('raw.bin', new Uint8Array([1, 2, 3]));
        await expect(blobs().get('raw.bin')).resolves.toMatchObject({
          contentType: 'application/octet-stream',
        });
      });

      it('stores empty blobs', async () => {
        await blobs().put('empty', new Uint8Array());
        const blob = await blobs().get('empty');
        expect(blob?.size).toBe(0);
        expect(blob?.bytes.byteLength).toBe(0);
        await expect(blobs().exists('empty')).resolves.toBe(true);
      });

      it('resolves null and false for a missing key', async () => {
        await expect(blobs().get('missing.txt')).resolves.toBeNull();
        await expect(blobs().exists('missing.txt')).resolves.toBe(false);
      });

      it('keeps its own copy of the bytes', async () => {
        const bytes = new Uint8Array([1, 2, 3]);
        await blobs().put('copy.bin', bytes);
        bytes[0] = 99;
        const first = await blobs().get('copy.bin');
        first!.bytes[1] = 99;
        const second = await blobs().get('copy.bin');
        expect([...second!.bytes]).toEqual([1, 2, 3]);
      });

      it('replaces content, type and metadata on overwrite and changes the etag', async () => {
        const first = await blobs().put('doc', 'v1', { metadata: { version: '1' } });
        const second = await blobs().put('doc', new Uint8Array([0xff]), {
          contentType: 'image/png',
        });
        expect(second.etag).not.toBe(first.etag);
        const blob = await blobs().get('doc');
        expect([...blob!.bytes]).toEqual([0xff]);
        expect(blob).toMatchObject({ contentType: 'image/png', metadata: {}, etag: second.etag });
      });

      it('accepts keys with dots, spaces and non-ASCII characters inside segments', async () => {
        const keys = ['a..b/c.d.txt', 'with space/file name.txt', 'ünïcode/日本.txt', '.hidden/x'];
        for (const key of keys) await blobs().put(key, key);
        for (const key of keys) {
          const blob = await blobs().get(key);
          expect(text(blob!.bytes)).toBe(key);
        }
      });
    });

    describe('delete', () => {
      it('removes a blob, and succeeds for a missing key', async () => {
        await blobs().put('gone.txt', 'x');
        await blobs().delete('gone.txt');
        await expect(blobs().get('gone.txt')).resolves.toBeNull();
        await expect(blobs().exists('gone.txt')).resolves.toBe(false);
        await expect(blobs().delete('gone.txt')).resolves.toBeUndefined();
      });
    });

    describe('validation', () => {
      const invalidKeys = [
        '',
        '/etc/passwd',
        '../secret',
        'a/../../b',
        'a/..',
        './a',
        'a/./b',
        'a//b',
        'dir/',
        'back\\slash',
        'nul\u0000byte',
        'line\nbreak',
        'x'.repeat(1_025),
        'é'.repeat(513),
      ];

      it.each(invalidKeys.map((key) => [JSON.stringify(key).slice(0, 40), key]))(
        'rejects the key %s with VALIDATION_FAILED on every operation',
        async (_, key) => {
          await expectCode(blobs().put(key, 'x'), 'VALIDATION_FAILED');
          await expectCode(blobs().get(key), 'VALIDATION_FAILED');
          await expectCode(blobs().exists(key), 'VALIDATION_FAILED');
          await expectCode(blobs().delete(key), 'VALIDATION_FAILED');
        },
      );

      it('accepts a key of exactly 1024 UTF-8 bytes', async () => {
        const key = 'é'.repeat(512);
        await blobs().put(key, 'x');
        await expect(blobs().exists(key)).resolves.toBe(true);
      });

      it('rejects invalid metadata and content types, storing nothing', async () => {
        await expectCode(blobs().put('k', 'x', { metadata: { Upper: 'x' } }), 'VALIDATION_FAILED');
        await expectCode(
          blobs().put('k', 'x', { metadata: { under_score: 'x' } }),
          'VALIDATION_FAILED',
        );
        await expectCode(blobs().put('k', 'x', { metadata: { name: 'ünï' } }), 'VALIDATION_FAILED');
        await expectCode(
          blobs().put('k', 'x', { metadata: { name: 'line\nbreak' } }),
          'VALIDATION_FAILED',
        );
        await expectCode(
          blobs().put('k', 'x', { metadata: { big: 'x'.repeat(2_100) } }),
          'VALIDATION_FAILED',
        );
        await expectCode(blobs().put('k', 'x', { contentType: '' }), 'VALIDATION_FAILED');
        await expectCode(blobs().put('k', 'x', { contentType: 'not a type' }), 'VALIDATION_FAILED');
        await expect(blobs().exists('k')).resolves.toBe(false);
      });

      it('rejects invalid prefixes, limits and cursors', async () => {
        await expectCode(blobs().list('/abs'), 'VALIDATION_FAILED');
        await expectCode(blobs().list('../up'), 'VALIDATION_FAILED');
        await expectCode(blobs().list('a//'), 'VALIDATION_FAILED');
        await expectCode(blobs().list('', { limit: 0 }), 'VALIDATION_FAILED');
        await expectCode(blobs().list('', { limit: -1 }), 'VALIDATION_FAILED');
        await expectCode(blobs().list('', { limit: 1.5 }), 'VALIDATION_FAILED');
        await expectCode(blobs().list('', { cursor: 'not a cursor!' }), 'VALIDATION_FAILED');
      });
    });

    describe('list', () => {
      it('lists blobs under a prefix in ascending key order with their size and etag', async () => {
        const info = await blobs().put('docs/b.txt', 'bb');
        await blobs().put('docs/a.txt', 'a');
        await blobs().put('docs/sub/c.txt', 'ccc');
        await blobs().put('docsx/d.txt', 'd');
        await blobs().put('other/e.txt', 'e');
        const page = await blobs().list('docs/');
        expect(page.items.map((item) => item.key)).toEqual([
          'docs/a.txt',
          'docs/b.txt',
          'docs/sub/c.txt',
        ]);
        expect(page.items[1]).toMatchObject({ key: 'docs/b.txt', size: 2, etag: info.etag });
        expect(page.items[1]!.lastModified).toBeInstanceOf(Date);
        expect(page.nextCursor).toBeUndefined();
        const all = await blobs().list('');
        expect(all.items).toHaveLength(5);
        expect((await blobs().list('docs')).items).toHaveLength(4);
      });

      it('returns an empty last page for a prefix without blobs', async () => {
        await blobs().put('a.txt', 'a');
        await expect(blobs().list('nothing/')).resolves.toEqual({ items: [] });
      });

      it('pages through every blob exactly once, in order', async () => {
        const keys = Array.from(
          { length: 10 },
          (_, index) => `page/item-${String(index).padStart(2, '0')}`,
        );
        await Promise.all([...keys].reverse().map((key) => blobs().put(key, key)));
        await expect(listAll('page/', 3)).resolves.toEqual(keys);
        await expect(listAll('page/', 1)).resolves.toEqual(keys);
        await expect(listAll('page/', 10)).resolves.toEqual(keys);
      });

      it('ends with no cursor when the last page is exactly full', async () => {
        for (const key of ['x/1', 'x/2', 'x/3', 'x/4']) await blobs().put(key, key);
        const first = await blobs().list('x/', { limit: 2 });
        expect(first.nextCursor).toBeDefined();
        const second = await blobs().list('x/', { limit: 2, cursor: first.nextCursor });
        expect(second.items.map((item) => item.key)).toEqual(['x/3', 'x/4']);
        expect(second.nextCursor).toBeUndefined();
      });

      it('resumes after the last key seen when blobs change between pages', async () => {
        for (const key of ['p/b', 'p/d', 'p/f', 'p/h']) await blobs().put(key, key);
        const first = await blobs().list('p/', { limit: 2 });
        expect(first.items.map((item) => item.key)).toEqual(['p/b', 'p/d']);
        await blobs().delete('p/d');
        await blobs().put('p/a', 'inserted before the cursor');
        await blobs().put('p/e', 'inserted after the cursor');
        expect(first.nextCursor).toBeDefined();
        await expect(listAll('p/', 2, first.nextCursor)).resolves.toEqual(['p/e', 'p/f', 'p/h']);
      });
    });
  });
}
