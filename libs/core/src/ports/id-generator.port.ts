/**
 * Source of unique ids for events, messages and aggregates. The production adapter generates
 * UUIDv7, whose text sorts by creation time (index-friendly, and a hint of order in logs).
 */
export abstract class IdGenerator {
  /** A new id, unique across processes and restarts. */
  abstract newId(): string;
}
