/** Set to `1` in the test environment when MONGO_URL points at the stand-in. */
export declare const MONGO_STAND_IN_ENV: string;
/** A running MongoDB stand-in server. */
export interface MongoStandInHandle {
  readonly url: string;
  /** Milliseconds the import and start took. */
  readonly startMs: number;
  stop(): Promise<void>;
}
/** The URL clients use for a stand-in listening on `port`. */
export declare function mongoStandInUrl(port: number): string;
/** Starts the MongoDB stand-in (CongoDB) on `port` (default: a free port). */
export declare function startMongoStandIn(port?: number): Promise<MongoStandInHandle>;
/** `url` with any password replaced by `***`, for logging. */
export declare function redactMongoUrl(url: string): string;
