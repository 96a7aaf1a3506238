import { describe, expect, it } from '@jest/globals';
import { type AuditEntry, type AuditQuery, InMemoryAuditSink } from '@cqrs-ddd/core';
import { AUDIT_CSV_COLUMNS, auditEntriesAsCsv } from './audit-csv.export.js';
import { auditEntriesAsJsonLines } from './audit-json-lines.export.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute));
const entries: AuditEntry[] = Array.from({ length: 5 }, (_, i) => ({
  id: `e-${i}`,
  occurredAt: at(i),
  tenantId: 't',
  action: i % 2 === 0 ? 'order:create' : 'order:cancel',
  outcome: 'success',
}));
const full: AuditEntry = {
  id: 'e-full',
  occurredAt: at(30),
  tenantId: 't',
  actor: { id: 'alice', authMethod: 'jwt' },
  action: 'order:confirm',
  resource: { type: 'Order', id: 'o-1' },
  outcome: 'failed',
  reason: 'said "no", twice\nthen left',
  errorCode: 'CONCURRENCY_CONFLICT',
  correlationId: 'c-1',
  clientAddress: '203.0.113.9',
  userAgent: '=HYPERLINK("http://evil")',
  details: { orderId: 'o-1', lines: [{ sku: 'A', quantity: 2 }] },
};

async function sinkWith(items: AuditEntry[]) {
  const sink = new InMemoryAuditSink();
  for (const item of items) await sink.record(item);
  return sink;
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

describe('auditEntriesAsJsonLines', () => {
  it('streams every matching entry newest first, a page per chunk, one object per line', async () => {
    const sink = await sinkWith([...entries, full]);
    const chunks = await collect(auditEntriesAsJsonLines(sink, { tenantId: 't', limit: 2 }));
    expect(chunks).toHaveLength(3);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((item) => item.id)).toEqual(['e-full', 'e-4', 'e-3', 'e-2', 'e-1', 'e-0']);
    expect(parsed[0]).toEqual({ ...full, occurredAt: full.occurredAt.toISOString() });
    expect(parsed[1]).not.toHaveProperty('actor');
  });

  it('applies the filters and yields nothing when nothing matches', async () => {
    const sink = await sinkWith(entries);
    const query: AuditQuery = { tenantId: 't', action: 'order:cancel' };
    const lines = (await collect(auditEntriesAsJsonLines(sink, query))).join('').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as AuditEntry).id)).toEqual(['e-3', 'e-1']);
    await expect(collect(auditEntriesAsJsonLines(sink, { tenantId: 'other' }))).resolves.toEqual(
      [],
    );
  });

  it('rejects an invalid cursor with VALIDATION_FAILED', async () => {
    const sink = await sinkWith(entries);
    await expect(
      collect(auditEntriesAsJsonLines(sink, { tenantId: 't', cursor: 'garbage!' })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('auditEntriesAsCsv', () => {
  it('writes a header row, then flattened rows with quoting and formula escaping', async () => {
    const sink = await sinkWith([entries[0]!, full]);
    const csv = (await collect(auditEntriesAsCsv(sink, { tenantId: 't', limit: 1 }))).join('');
    expect(csv).toBe(
      [
        AUDIT_CSV_COLUMNS.join(','),
        'e-full,2026-03-01T12:30:00.000Z,t,alice,jwt,order:confirm,Order,o-1,failed,' +
          '"said ""no"", twice\nthen left",CONCURRENCY_CONFLICT,c-1,203.0.113.9,' +
          `"'=HYPERLINK(""http://evil"")",` +
          '"{""orderId"":""o-1"",""lines"":[{""sku"":""A"",""quantity"":2}]}"',
        'e-0,2026-03-01T12:00:00.000Z,t,,,order:create,,,success,,,,,,',
        '',
      ].join('\n'),
    );
    expect(AUDIT_CSV_COLUMNS).toEqual([
      'id',
      'occurredAt',
      'tenantId',
      'actorId',
      'authMethod',
      'action',
      'resourceType',
      'resourceId',
      'outcome',
      'reason',
      'errorCode',
      'correlationId',
      'clientAddress',
      'userAgent',
      'details',
    ]);
  });

  it('writes only the header when nothing matches', async () => {
    const sink = await sinkWith(entries);
    await expect(collect(auditEntriesAsCsv(sink, { tenantId: 'other' }))).resolves.toEqual([
      `${AUDIT_CSV_COLUMNS.join(',')}\n`,
    ]);
  });
});
