import { describe, expect, it } from '@jest/globals';
import { fnv1a32, partitionOfStream } from './stream-partition.js';

describe('stream partitioning', () => {
  it('hashes UTF-8 text with 32-bit FNV-1a (reference vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // UTF-8 bytes (0xC3 0xA9), not the UTF-16 code unit 0xE9 (which would give 0x6c0b6c44).
    expect(fnv1a32('é')).toBe(0x1e9de8c1);
  });

  it('maps a stream to the same partition every time, within range, spreading streams', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4_000; i++) {
      const partition = partitionOfStream(`order-${i}`, 4);
      expect(partition).toBe(partitionOfStream(`order-${i}`, 4));
      counts[partition] += 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(partitionOfStream('anything', 1)).toBe(0);
  });
});
