/** What {@link IdempotencyStore.claim} asks for. */
export interface IdempotencyClaimRequest {
  /** The idempotency key, already scoped by the caller (tenant, message type). */
  readonly key: string;
  /** Digest of the request payload; a different payload under the same key is refused. */
  readonly fingerprint: string;
  /**
   * How long a claim protects an execution that has not finished. After that the claimant is
   * presumed dead (crashed process) and another caller may claim the key again.
   */
  readonly lockTtlMs: number;
}

/**
 * Outcome of {@link IdempotencyStore.claim}:
 * - `claimed`: the caller owns the key and must execute, then `complete` or `release` with `token`;
 * - `in-progress`: another caller owns the key and has not finished;
 * - `completed`: the request already ran; `result` is its stored result (replay it).
 */
export type IdempotencyClaim =
  | { readonly status: 'claimed'; readonly token: string }
  | { readonly status: 'in-progress' }
  | { readonly status: 'completed'; readonly result: unknown };

/**
 * Remembers which idempotent requests ran and what they returned, so that a retried request
 * returns the first result instead of running twice — across processes.
 *
 * Results are JSON-serialisable values (or `undefined`); stores keep a copy, never a reference.
 * Every record expires: an unfinished claim after `lockTtlMs`, a result after `ttlMs`.
 */
export abstract class IdempotencyStore {
  /**
   * Atomically claims `key`. Exactly one of concurrent claimants of a free (or expired) key gets
   * `claimed`. Throws `IdempotencyKeyReusedError` when a live record for `key` has another
   * fingerprint.
   */
  abstract claim(request: IdempotencyClaimRequest): Promise<IdempotencyClaim>;

  /**
   * Stores `result` for the claim identified by `token` and keeps it for `ttlMs`. Returns `false`
   * (and stores nothing) when `token` no longer owns the key because its claim expired and was
   * taken over.
   */
  abstract complete(key: string, token: string, result: unknown, ttlMs: number): Promise<boolean>;

  /**
   * Drops the unfinished claim identified by `token` (the execution failed), so that a retry
   * executes again. Does nothing when `token` no longer owns the key.
   */
  abstract release(key: string, token: string): Promise<void>;
}
