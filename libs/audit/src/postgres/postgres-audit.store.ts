import {
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  encodeAuditCursor,
  normaliseAuditDetails,
} from '@cqrs-ddd/core';
import { IsolationLevel, type Transaction } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditChainKey, auditEntryHash, AUDIT_GENESIS_HASH } from '../chain/audit-chain.hash.js';
import {
  type AuditChainReader,
  type AuditChainRow,
  verifyAuditChainRange,
} from '../chain/audit-chain.verify.js';
import {
  AuditStore,
  type AuditVerification,
  type AuditVerificationRange,
} from '../chain/audit.store.js';
import { auditTables, type AuditTables } from './audit-schema.js';
import { auditPageStatement } from './postgres-audit.query.js';
import {
  AUDIT_INSERT_COLUMNS,
  AUDIT_INSERT_VALUES,
  AUDIT_ROW_COLUMNS,
  auditChainRowFrom,
  auditEntryFromRow,
  auditInsertParams,
  type AuditLogRow,
} from './postgres-audit.row.js';

/** Options of {@link PostgresAuditStore}. */
export interface PostgresAuditStoreOptions {
  /** PostgreSQL schema of the audit tables (create them with `ensureAuditSchema`). @default 'public' */
  readonly schema?: string;
}

/** Rows read per statement while verifying. */
const VERIFY_BATCH = 500;

interface ChainHead {
  readonly recorded: boolean;
  readonly sequence: string | number | null;
  readonly hash: string | null;
}

/**
 * {@link AuditStore} on PostgreSQL (the tables of `ensureAuditSchema`), through MikroORM.
 *
 * `record` appends inside the caller's active MikroORM transaction when there is one — so a
 * command's success entry commits or rolls back with the command — and otherwise in a short
 * transaction of its own. Either way it takes the chain's transaction-scoped advisory lock
 * (`pg_advisory_xact_lock(hashtextextended('cqrs-ddd:audit:' || tenant_key, 0))`), reads the
 * chain head and inserts the next link; a retried id changes nothing and uses no sequence
 * number. Inside a caller's transaction the lock is held until it ends, so the transactions
 * recording in one tenant's chain commit one after another; run them at READ COMMITTED (a
 * REPEATABLE READ snapshot taken before the lock would not see the latest head, and the insert
 * would fail on the unique sequence).
 *
 * `verify` reads the chain from one snapshot (a REPEATABLE READ, read-only transaction), so a
 * purge or writers running meanwhile cannot make it report entries as missing.
 */
export class PostgresAuditStore extends AuditStore {
  private readonly tables: AuditTables;

  /** @throws AuditConfigurationError for an invalid schema name */
  constructor(
    private readonly em: EntityManager,
    options: PostgresAuditStoreOptions = {},
  ) {
    super();
    this.tables = auditTables(options.schema);
  }

  async record(entry: AuditEntry): Promise<void> {
    this.assertValidEntry(entry);
    const stored =
      entry.details === undefined
        ? entry
        : { ...entry, details: normaliseAuditDetails(entry.details) };
    await this.inTransaction((ctx) => this.append(stored, ctx));
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const { limit } = this.prepareQuery(query);
    const { sql, params } = auditPageStatement(this.tables.log, query, limit);
    const rows = await this.run<AuditLogRow>(sql, params, this.em.getTransactionContext());
    const items = rows.slice(0, limit).map(auditEntryFromRow);
    if (rows.length <= limit) return { items };
    const last = items.at(-1)!;
    return { items, nextCursor: encodeAuditCursor([last.occurredAt.getTime(), last.id]) };
  }

  async verify(
    tenantId: string | null,
    range?: AuditVerificationRange,
  ): Promise<AuditVerification> {
    const chainKey = this.prepareVerification(tenantId, range);
    return this.inTransaction((ctx) => verifyAuditChainRange(this.reader(chainKey, ctx), range), {
      isolationLevel: IsolationLevel.REPEATABLE_READ,
      readOnly: true,
    });
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    this.assertValidCutoff(cutoff);
    const [row] = await this.run<{ purged: string | number }>(
      `SELECT ${this.tables.purge}(?::timestamptz) AS purged`,
      [cutoff.toISOString()],
      this.em.getTransactionContext(),
    );
    return Number(row!.purged);
  }

  private async append(entry: AuditEntry, ctx: Transaction): Promise<void> {
    const { log, anchors } = this.tables;
    const chainKey = auditChainKey(entry.tenantId);
    // A statement of its own: the head is read by the next statement, whose snapshot is taken
    // once the lock is held, so it sees the link the previous holder committed.
    await this.run(
      `SELECT pg_advisory_xact_lock(hashtextextended('cqrs-ddd:audit:' || ?, 0))`,
      [chainKey],
      ctx,
    );
    const [head] = await this.run<ChainHead>(
      `SELECT EXISTS (SELECT 1 FROM ${log} WHERE id = ?) AS recorded, head.sequence, head.hash
       FROM (SELECT 1) AS one LEFT JOIN LATERAL (
         (SELECT sequence, hash FROM ${log} WHERE tenant_key = ? ORDER BY sequence DESC LIMIT 1)
         UNION ALL
         (SELECT sequence, hash FROM ${anchors} WHERE tenant_key = ?)
         ORDER BY sequence DESC LIMIT 1
       ) AS head ON true`,
      [entry.id, chainKey, chainKey],
      ctx,
    );
    if (head!.recorded) return;
    const previousHash = head!.hash ?? AUDIT_GENESIS_HASH;
    const sequence = Number(head!.sequence ?? 0) + 1;
    const hash = auditEntryHash(previousHash, sequence, entry);
    await this.run(
      `INSERT INTO ${log} (${AUDIT_INSERT_COLUMNS}) VALUES (${AUDIT_INSERT_VALUES})
       ON CONFLICT (id) DO NOTHING`,
      auditInsertParams(entry, { sequence, previousHash, hash }),
      ctx,
    );
  }

  /** Reads one chain inside `ctx`. */
  private reader(chainKey: string, ctx: Transaction): AuditChainReader {
    const { log, anchors } = this.tables;
    const rowsFrom = (from: number, through: number | undefined, limit: number) =>
      this.run<AuditLogRow>(
        `SELECT ${AUDIT_ROW_COLUMNS} FROM ${log}
         WHERE tenant_key = ? AND sequence >= ? AND sequence <= ?
         ORDER BY sequence LIMIT ?`,
        [chainKey, from, through ?? Number.MAX_SAFE_INTEGER, limit],
        ctx,
      );
    return {
      anchor: async () => {
        const [anchor] = await this.run<{ sequence: string | number; hash: string }>(
          `SELECT sequence, hash FROM ${anchors} WHERE tenant_key = ?`,
          [chainKey],
          ctx,
        );
        return anchor && { sequence: Number(anchor.sequence), hash: anchor.hash };
      },
      row: async (sequence) => {
        const [row] = await rowsFrom(sequence, sequence, 1);
        return row && auditChainRowFrom(row);
      },
      rows: async function* (from, through): AsyncGenerator<AuditChainRow> {
        for (let next = from; ;) {
          const batch = (await rowsFrom(next, through, VERIFY_BATCH)).map(auditChainRowFrom);
          yield* batch;
          if (batch.length < VERIFY_BATCH) return;
          next = batch.at(-1)!.sequence + 1;
        }
      },
    };
  }

  /** `work` in the caller's active MikroORM transaction, or in a new one. */
  private async inTransaction<T>(
    work: (ctx: Transaction) => Promise<T>,
    options: { isolationLevel?: IsolationLevel; readOnly?: boolean } = {},
  ): Promise<T> {
    const active = this.em.getTransactionContext();
    if (active) return work(active);
    return this.em.getConnection().transactional((ctx) => work(ctx), options);
  }

  private async run<TRow>(sql: string, params: unknown[], ctx?: Transaction): Promise<TRow[]> {
    return this.em.getConnection().execute<TRow[]>(sql, params, 'all', ctx);
  }
}
