const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * 32-bit FNV-1a hash of the UTF-8 bytes of `text`: stable across processes, platforms and
 * releases, so every instance maps a stream to the same partition.
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

/**
 * Partition (`0 .. partitions - 1`) that handles the events of `streamId`. All events of a
 * stream land in one partition, which keeps their order.
 */
export function partitionOfStream(streamId: string, partitions: number): number {
  return partitions <= 1 ? 0 : fnv1a32(streamId) % partitions;
}
