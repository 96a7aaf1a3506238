import type { IdentitySqlConnection } from '../schema/identity-schema.js';

/** A connection double that records every statement and answers with queued row sets. */
export class RecordingConnection implements IdentitySqlConnection {
  readonly statements: { sql: string; params: unknown[] }[] = [];
  private readonly answers: unknown[][] = [];

  /** Queues the rows of the next statements, in order (unqueued statements get none). */
  answer(...rowSets: unknown[][]): this {
    this.answers.push(...rowSets);
    return this;
  }

  async execute(sql: string, params: unknown[] = []): Promise<unknown> {
    this.statements.push({ sql, params });
    return this.answers.shift() ?? [];
  }

  /** Everything sent to the database, as one string. */
  sent(): string {
    return JSON.stringify(this.statements);
  }
}
