/**
 * The guarded system of the fencing tests: a value that accepts a write only with a fencing
 * token at least as high as every token it has seen, as a storage service checking tokens would.
 */
export class FencedStore {
  private highestToken = 0;
  /** Accepted writes, in order. */
  readonly writes: { value: string; token: number }[] = [];

  /**
   * Writes `value` if `token` is not stale.
   * @throws Error when a higher token has already written.
   */
  write(value: string, token: number): void {
    if (token < this.highestToken) {
      throw new Error(`stale fencing token ${token} (highest seen: ${this.highestToken})`);
    }
    this.highestToken = token;
    this.writes.push({ value, token });
  }
}
