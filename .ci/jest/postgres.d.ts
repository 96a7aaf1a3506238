/** Default URL of the development/CI PostgreSQL server. */
export declare const DEFAULT_DATABASE_URL: string;
/** True when a PostgreSQL server accepts a connection at `url`. */
export declare function postgresAnswers(url: string): Promise<boolean>;
/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export declare function freePort(): Promise<number>;
/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}
/** Starts embedded PostgreSQL on a free port in a temporary directory. */
export declare function startEmbeddedPostgres(): Promise<EmbeddedPostgresHandle>;
