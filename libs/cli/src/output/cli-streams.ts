/** A stream the CLI writes to (`process.stdout` by default). */
export interface CliWritable {
  write(chunk: string): unknown;
  /** Whether it is a terminal: progress bars are drawn only then. */
  readonly isTTY?: boolean;
}

/** Where the CLI writes: results on `stdout`, diagnostics and errors on `stderr`. */
export interface CliStreams {
  readonly stdout: CliWritable;
  readonly stderr: CliWritable;
}
