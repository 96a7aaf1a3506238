import {
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  InMemoryAuditSink,
  normaliseAuditDetails,
} from '@cqrs-ddd/core';
import { auditChainKey, auditEntryHash } from '../chain/audit-chain.hash.js';
import {
  AUDIT_GENESIS_LINK,
  type AuditChainLink,
  type AuditChainRow,
  verifyAuditChainRange,
} from '../chain/audit-chain.verify.js';
import {
  AuditStore,
  type AuditVerification,
  type AuditVerificationRange,
} from '../chain/audit.store.js';

/** One chain: its retention anchor and its entries by ascending sequence, without gaps. */
interface Chain {
  anchor?: AuditChainLink;
  rows: AuditChainRow[];
}

/**
 * {@link AuditStore} held in process memory (tests, embedded mode): hash-chained per tenant,
 * verifiable and purgeable like the PostgreSQL store. Each record runs to completion without
 * yielding, so the entries of a chain are sequenced one at a time. Queries are served by a
 * core `InMemoryAuditSink` holding the same entries.
 */
export class MemoryAuditStore extends AuditStore {
  private readonly chains = new Map<string, Chain>();
  private readonly ids = new Set<string>();
  private sink = new InMemoryAuditSink();

  async record(entry: AuditEntry): Promise<void> {
    this.assertValidEntry(entry);
    if (this.ids.has(entry.id)) return;
    const stored = storedCopy(entry);
    const chain = this.chain(auditChainKey(entry.tenantId));
    const head = chain.rows.at(-1) ?? chain.anchor ?? AUDIT_GENESIS_LINK;
    const sequence = head.sequence + 1;
    chain.rows.push({
      sequence,
      hash: auditEntryHash(head.hash, sequence, stored),
      previousHash: head.hash,
      entry: stored,
    });
    this.ids.add(entry.id);
    await this.sink.record(stored);
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return this.sink.query(query);
  }

  async verify(
    tenantId: string | null,
    range?: AuditVerificationRange,
  ): Promise<AuditVerification> {
    const { anchor, rows } = this.chain(this.prepareVerification(tenantId, range));
    const first = (anchor ?? AUDIT_GENESIS_LINK).sequence + 1;
    return verifyAuditChainRange(
      {
        anchor: async () => anchor,
        row: async (sequence) => rows[sequence - first],
        rows: (from) => rows.slice(Math.max(0, from - first)),
      },
      range,
    );
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    this.assertValidCutoff(cutoff);
    let purged = 0;
    for (const chain of this.chains.values()) {
      const kept = chain.rows.findIndex((row) => row.entry.occurredAt >= cutoff);
      const count = kept === -1 ? chain.rows.length : kept;
      if (count === 0) continue;
      const removed = chain.rows.splice(0, count);
      const last = removed.at(-1)!;
      chain.anchor = { sequence: last.sequence, hash: last.hash };
      for (const row of removed) this.ids.delete(row.entry.id);
      purged += count;
    }
    if (purged > 0) await this.rebuildSink();
    return purged;
  }

  private chain(key: string): Chain {
    let chain = this.chains.get(key);
    if (!chain) {
      chain = { rows: [] };
      this.chains.set(key, chain);
    }
    return chain;
  }

  /**
   * The sink has no delete (by design): after a purge it is replaced by one holding the kept
   * entries, swapped in before anything else can run so no entry recorded meanwhile is lost.
   */
  private async rebuildSink(): Promise<void> {
    const sink = new InMemoryAuditSink();
    const rows = [...this.chains.values()].flatMap((chain) => chain.rows);
    const recorded = rows.map((row) => sink.record(row.entry));
    this.sink = sink;
    await Promise.all(recorded);
  }
}

/** A frozen copy of a validated entry, `details` as JSON keeps them. */
function storedCopy(entry: AuditEntry): AuditEntry {
  const { details, ...rest } = structuredClone(entry);
  return Object.freeze(
    details === undefined ? rest : { ...rest, details: normaliseAuditDetails(details) },
  );
}
