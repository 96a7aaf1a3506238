import { describe, expect, it } from '@jest/globals';
import type { PreparedStreamAppend } from '@cqrs-ddd/core';
import { eventStoreSchemaNames } from './event-store-schema.options.js';
import {
  appendToStreamParameters,
  appendToStreamResult,
  appendToStreamSql,
  appendToStreamsResults,
  expectedVersionParameters,
  normaliseEventIds,
  translateAppendError,
  type AppendToStreamRow,
  type AppendToStreamsRow,
} from './postgres-append.statement.js';

const ID_1 = '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f60';
const ID_2 = '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f61';

function batch(
  streamId: string,
  eventIds: string[],
  overrides: Partial<PreparedStreamAppend> = {},
) {
  return {
    streamId,
    expectedVersion: 'any',
    streamType: undefined,
    events: eventIds.map((eventId) => ({
      eventId,
      type: 'a',
      version: 1,
      data: { n: 1 },
      metadata: { tenantId: 't-1' },
      occurredAt: '2026-01-01T00:00:00.000Z',
      dataJson: '{"n":1}',
      metadataJson: '{"tenantId":"t-1"}',
    })),
    ...overrides,
  } as PreparedStreamAppend;
}

const okRow: AppendToStreamRow = {
  o_status: 'ok',
  o_actual: null,
  o_detail: null,
  o_transaction_id: '42',
  o_positions: ['7', '9'],
  o_version: 5,
  o_type: 'Order',
  o_recorded_at: '2026-01-01T00:00:01.000Z',
};

describe('append statement helpers', () => {
  it('numbers the placeholders of the SQL', () => {
    const sql = appendToStreamSql(eventStoreSchemaNames());
    expect(sql).toContain(
      '"public"."cqrs_append_to_stream"($1::text, $2::text, $3::text, $4::bigint',
    );
    expect(sql).toContain('$12::text)');
  });

  it('passes an expected version as a kind and, for numbers, the number', () => {
    expect(expectedVersionParameters(3)).toEqual(['exact', 3]);
    expect(expectedVersionParameters(0)).toEqual(['exact', 0]);
    expect(expectedVersionParameters('no_stream')).toEqual(['no_stream', null]);
  });

  it('passes one array per event column, tenant from metadata', () => {
    const parameters = appendToStreamParameters(batch('s', [ID_1]), null);
    expect(parameters).toEqual([
      's',
      null,
      'any',
      null,
      [ID_1],
      ['a'],
      [1],
      ['{"n":1}'],
      ['{"tenantId":"t-1"}'],
      ['t-1'],
      ['2026-01-01T00:00:00.000Z'],
      null,
    ]);
  });

  it('lower-cases UUID event ids and rejects others, naming each', () => {
    const [normalised] = normaliseEventIds([batch('s', [ID_1.toUpperCase()])]);
    expect(normalised.events[0].eventId).toBe(ID_1);
    expect(() => normaliseEventIds([batch('a', [ID_1]), batch('b', [ID_2, 'nope'])])).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'batches.1.events.1.eventId', rule: 'isUUID' })],
      }),
    );
  });

  it('builds the stored events of a successful one-stream append', () => {
    const result = appendToStreamResult(okRow, batch('s', [ID_1, ID_2]))!;
    expect(result.streamVersion).toBe(5);
    expect(result.events.map((e) => [e.streamVersion, e.position.globalPosition])).toEqual([
      [4, '7'],
      [5, '9'],
    ]);
    expect(result.position).toEqual({ transactionId: '42', globalPosition: '9' });
    expect(result.events[0]).toMatchObject({ streamType: 'Order', data: { n: 1 } });
  });

  it.each([
    ['conflict', { code: 'CONCURRENCY_CONFLICT', streamId: 's', expected: 2, actual: 3 }],
    ['archived', { code: 'STREAM_ARCHIVED', streamId: 's' }],
    ['type_mismatch', { code: 'VALIDATION_FAILED' }],
  ] as const)('throws the error of a %s status', (status, expected) => {
    const row = { ...okRow, o_status: status, o_actual: 3, o_detail: 'Customer' };
    expect(() => appendToStreamResult(row, batch('s', [ID_1], { expectedVersion: 2 }))).toThrow(
      expect.objectContaining(expected),
    );
  });

  it('asks for a repeat on a retry status', () => {
    expect(
      appendToStreamResult({ ...okRow, o_status: 'retry' }, batch('s', [ID_1])),
    ).toBeUndefined();
  });

  it('splits the positions of a multi-stream append by batch', () => {
    const row: AppendToStreamsRow = {
      o_status: 'ok',
      o_batch: null,
      o_actual: null,
      o_detail: null,
      o_transaction_id: '8',
      o_positions: ['1', '2', '3'],
      o_batch_versions: [0, 2, 1],
      o_batch_types: [null, null, 'Order'],
      o_recorded_at: '2026-01-01T00:00:01.000Z',
    };
    const results = appendToStreamsResults(row, [
      batch('empty', []),
      batch('a', [ID_1, ID_2]),
      batch('b', ['0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f62']),
    ]);
    expect(results.map((r) => [r.streamId, r.streamVersion, r.position?.globalPosition])).toEqual([
      ['empty', 0, undefined],
      ['a', 2, '2'],
      ['b', 1, '3'],
    ]);
    expect(results[1].events[0]).not.toHaveProperty('streamType');
  });

  it('reports the failed batch of a multi-stream append', () => {
    const row = {
      o_status: 'conflict',
      o_batch: 2,
      o_actual: 4,
    } as AppendToStreamsRow;
    expect(() =>
      appendToStreamsResults(row, [batch('a', [ID_1]), batch('b', [ID_2], { expectedVersion: 1 })]),
    ).toThrow(expect.objectContaining({ code: 'CONCURRENCY_CONFLICT', streamId: 'b', actual: 4 }));
  });

  it('maps unique violations of the messages table to the store errors', () => {
    const names = eventStoreSchemaNames();
    const duplicate = translateAppendError(
      {
        code: '23505',
        constraint: 'cqrs_messages_event_id_key',
        detail: `Key (event_id)=(${ID_1}) already exists.`,
      },
      names,
      [batch('s', [ID_1])],
    );
    expect(duplicate).toMatchObject({ code: 'DUPLICATE_EVENT', eventId: ID_1 });
    const version = translateAppendError(
      {
        code: '23505',
        constraint: 'cqrs_messages_stream_version_key',
        detail: 'Key (stream_id, stream_version)=(order, 1, 3) already exists.',
      },
      names,
      [batch('order, 1', [ID_1], { expectedVersion: 2 })],
    );
    expect(version).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      streamId: 'order, 1',
      actual: 3,
    });
    const other = new Error('connection lost');
    expect(translateAppendError(other, names, [])).toBe(other);
  });
});
