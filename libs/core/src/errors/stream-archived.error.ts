import { CqrsDddError, hasErrorCode } from './cqrs-ddd.error.js';

/** The stream was archived (tombstoned): it can no longer be read or appended to. */
export class StreamArchivedError extends CqrsDddError {
  static readonly CODE = 'STREAM_ARCHIVED';
  readonly code = StreamArchivedError.CODE;

  constructor(
    /** Id of the archived stream. */
    readonly streamId: string,
  ) {
    super(
      `Stream "${streamId}" is archived: it can no longer be read or appended to. ` +
        'Its events stay in the global log for processors; start a new stream to record new facts.',
    );
  }
}

/** True when `error` is a {@link StreamArchivedError}. */
export function isStreamArchivedError(error: unknown): error is StreamArchivedError {
  return hasErrorCode(error, StreamArchivedError.CODE);
}
