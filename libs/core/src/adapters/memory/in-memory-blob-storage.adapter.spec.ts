import { describe, expect, it } from '@jest/globals';
import { describeBlobStorageContract } from '../../testing/contracts/blob-storage.contract.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryBlobStorage } from './in-memory-blob-storage.adapter.js';

describeBlobStorageContract('InMemoryBlobStorage', () => ({
  adapter: new InMemoryBlobStorage({ clock: new FakeClock() }),
}));

describe('InMemoryBlobStorage', () => {
  it('stamps lastModified from the injected clock', async () => {
    const clock = new FakeClock('2026-02-03T04:05:06.000Z');
    const blobs = new InMemoryBlobStorage({ clock });
    await blobs.put('a', 'x');
    clock.advance(1_000);
    const info = await blobs.put('b', 'y');
    expect(info.lastModified.toISOString()).toBe('2026-02-03T04:05:07.000Z');
    const page = await blobs.list('');
    expect(page.items.map((item) => item.lastModified.toISOString())).toEqual([
      '2026-02-03T04:05:06.000Z',
      '2026-02-03T04:05:07.000Z',
    ]);
  });

  it('orders keys by UTF-8 bytes, not UTF-16 code units', async () => {
    const blobs = new InMemoryBlobStorage();
    // UTF-16 puts U+1F600 (surrogate 0xD83D) before U+FF61; UTF-8 puts 0xEF (U+FF61) first.
    await blobs.put('k/\u{1F600}', 'emoji');
    await blobs.put('k/\uFF61', 'halfwidth');
    const page = await blobs.list('k/');
    expect(page.items.map((item) => item.key)).toEqual(['k/\uFF61', 'k/\u{1F600}']);
  });

  it('refuses a cursor with a valid encoding but a foreign shape', async () => {
    const blobs = new InMemoryBlobStorage();
    const forged = Buffer.from('before:x').toString('base64url');
    await expect(blobs.list('', { cursor: forged })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
