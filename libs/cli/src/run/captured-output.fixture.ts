import type { CliWritable } from '../output/cli-streams.js';

/** A stream that keeps what is written to it (tests). */
export class CapturedOutput implements CliWritable {
  private readonly chunks: string[] = [];

  constructor(readonly isTTY = false) {}

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }

  /** Everything written so far. */
  get text(): string {
    return this.chunks.join('');
  }
}
