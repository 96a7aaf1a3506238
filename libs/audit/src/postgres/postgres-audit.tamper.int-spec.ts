import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import {
  type AuditTestSchema,
  createAuditTestSchema,
  sqlError,
  testClient,
} from './postgres-audit-test.fixture.js';
import { PostgresAuditStore } from './postgres-audit.store.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createTestOrm();
});
afterAll(async () => {
  await orm.close();
});

let trail: AuditTestSchema;
let store: PostgresAuditStore;
let log: string;
// A connection per test: ended in afterEach, before the file's database is dropped.
let owner: pg.Client;
beforeEach(async () => {
  owner = await testClient();
  trail = await createAuditTestSchema(orm);
  store = new PostgresAuditStore(orm.em, { schema: trail.schema });
  log = `"${trail.schema}"."audit_log"`;
  for (let i = 1; i <= 6; i += 1) {
    await store.record({
      id: `entry-${i}`,
      occurredAt: new Date(Date.UTC(2026, 0, i)),
      tenantId: 'acme',
      actor: { id: 'alice', authMethod: 'jwt' },
      action: 'order:confirm',
      outcome: 'success',
      details: { amount: i * 10 },
    });
  }
});
afterEach(async () => {
  await owner.end();
  await trail.drop();
});

/** Runs `statements` as a superuser with the triggers switched off (replica mode). */
async function bypassingTriggers(...statements: string[]): Promise<void> {
  await owner.query('BEGIN');
  try {
    await owner.query('SET LOCAL session_replication_role = replica');
    for (const statement of statements) await owner.query(statement);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}

describe('audit_log append-only triggers', () => {
  it.each([
    ['UPDATE', () => `UPDATE ${log} SET action = 'order:cancel' WHERE sequence = 2`],
    ['DELETE', () => `DELETE FROM ${log} WHERE sequence = 2`],
    ['TRUNCATE', () => `TRUNCATE ${log}`],
  ])('refuse %s even for the owner', async (_operation, statement) => {
    await expect(sqlError(owner.query(statement()))).resolves.toEqual({
      code: 'P0001',
      message: 'audit log is append-only',
    });
    await expect(store.verify('acme')).resolves.toMatchObject({ valid: true, checked: 6 });
  });
});

describe('verify on a tampered trail', () => {
  it('finds a superuser edit (triggers bypassed) at the edited sequence', async () => {
    await bypassingTriggers(`UPDATE ${log} SET details = '{"amount": 1}' WHERE sequence = 4`);
    await expect(store.verify('acme')).resolves.toMatchObject({
      valid: false,
      checked: 3,
      sequence: 4,
      entryId: 'entry-4',
      problem: 'hash-mismatch',
    });
    await expect(store.verify('acme', { from: 5 })).resolves.toMatchObject({ valid: true });
  });

  it('finds a deleted entry', async () => {
    await bypassingTriggers(`DELETE FROM ${log} WHERE sequence = 3`);
    await expect(store.verify('acme')).resolves.toMatchObject({
      valid: false,
      checked: 2,
      sequence: 3,
      problem: 'missing-entry',
    });
  });

  it('finds a swapped pair', async () => {
    await bypassingTriggers(
      `UPDATE ${log} SET sequence = 100 WHERE sequence = 2`,
      `UPDATE ${log} SET sequence = 2 WHERE sequence = 3`,
      `UPDATE ${log} SET sequence = 3 WHERE sequence = 100`,
    );
    await expect(store.verify('acme')).resolves.toMatchObject({
      valid: false,
      checked: 1,
      sequence: 2,
      entryId: 'entry-3',
      problem: 'broken-link',
    });
  });

  it('finds a replaced hash, even with the next link adjusted to it', async () => {
    const [row] = (
      await owner.query<{ hash: string }>(`SELECT hash FROM ${log} WHERE sequence = 5`)
    ).rows;
    await bypassingTriggers(
      `UPDATE ${log} SET hash = '${'a'.repeat(64)}' WHERE sequence = 4`,
      `UPDATE ${log} SET previous_hash = '${'a'.repeat(64)}' WHERE sequence = 5 AND hash = '${row!.hash}'`,
    );
    await expect(store.verify('acme')).resolves.toMatchObject({
      sequence: 4,
      problem: 'hash-mismatch',
    });
  });

  it('finds a removed head of the chain that no purge anchored', async () => {
    await bypassingTriggers(`DELETE FROM ${log} WHERE sequence <= 2`);
    await expect(store.verify('acme')).resolves.toMatchObject({
      valid: false,
      sequence: 1,
      problem: 'missing-entry',
    });
  });
});

describe('audit_purge', () => {
  it('deletes through the triggers and anchors the chain', async () => {
    await expect(store.purgeBefore(new Date(Date.UTC(2026, 0, 3, 12)))).resolves.toBe(3);
    const { rows } = await owner.query<{ sequence: string; hash: string }>(
      `SELECT sequence, hash FROM "${trail.schema}"."audit_anchors" WHERE tenant_key = 'acme'`,
    );
    expect(rows).toEqual([{ sequence: '3', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    await expect(store.verify('acme')).resolves.toMatchObject({
      valid: true,
      checked: 3,
      lastSequence: 6,
    });
    // The purge's permission ended with it: the same transaction cannot delete afterwards.
    await owner.query('BEGIN');
    try {
      const purged = await owner.query<{ purged: string }>(
        `SELECT "${trail.schema}".audit_purge('2026-01-04T12:00:00Z') AS purged`,
      );
      expect(purged.rows).toEqual([{ purged: '1' }]);
      await expect(
        sqlError(owner.query(`DELETE FROM ${log} WHERE sequence = 6`)),
      ).resolves.toMatchObject({ code: 'P0001' });
    } finally {
      await owner.query('ROLLBACK');
    }
  });
});
