import { describe, expect, it } from '@jest/globals';
import { Schema } from 'mongoose';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { scopeBulkWriteOps } from './tenant-bulk-write.js';
import { prefixable } from './tenant-indexes.js';
import { tenantFieldOf, tenantPlugin } from './tenant.plugin.js';

describe('tenantPlugin on a schema (no I/O)', () => {
  it('adds a required, immutable tenant field and prefixes schema, path and sub-document indexes', () => {
    const line = new Schema({ sku: { type: String, index: true } });
    const schema = new Schema({
      email: { type: String, unique: true },
      createdAt: { type: Date, expires: 3600 },
      name: String,
      lines: [line],
    });
    schema.index({ name: 'text' });
    schema.index({ name: 1, email: -1 }, { name: 'by_name' });
    schema.plugin(tenantPlugin);

    expect(schema.path('tenantId').options).toMatchObject({
      type: String,
      required: true,
      immutable: true,
    });
    expect(schema.indexes()).toEqual(
      expect.arrayContaining([
        [{ tenantId: 1, email: 1 }, expect.objectContaining({ unique: true })],
        [{ createdAt: 1 }, expect.objectContaining({ expireAfterSeconds: 3600 })],
        [{ tenantId: 1, 'lines.sku': 1 }, expect.anything()],
        [{ name: 'text' }, expect.anything()],
        [{ tenantId: 1, name: 1, email: -1 }, expect.objectContaining({ name: 'by_name' })],
      ]),
    );
    expect(schema.indexes()).toHaveLength(5);
    // The shared sub-schema is not changed, and not made tenant-scoped itself.
    expect(line.indexes()).toEqual([[{ sku: 1 }, expect.anything()]]);
    line.plugin(tenantPlugin);
    expect(line.path('tenantId')).toBeUndefined();
  });

  it('keeps a declared tenant field, indexes it when no index starts with it, and applies once', () => {
    const schema = new Schema({ org: { type: String, required: true } });
    schema.plugin(tenantPlugin, { field: 'org' });
    schema.plugin(tenantPlugin, { field: 'org' });
    expect(schema.path('org').options).toEqual({ type: String, required: true });
    expect(schema.indexes()).toEqual([[{ org: 1 }, {}]]);
    expect(tenantFieldOf(schema)).toBe('org');
    expect(tenantFieldOf(schema.clone())).toBe('org');
    expect(tenantFieldOf(new Schema({}))).toBeUndefined();
  });

  it('leaves indexes alone with index: false', () => {
    const schema = new Schema({ email: { type: String, unique: true } });
    schema.plugin(tenantPlugin, { index: false });
    expect(schema.indexes()).toEqual([[{ email: 1 }, expect.objectContaining({ unique: true })]]);
  });

  it('prefixable() skips TTL, wildcard, text and 2d indexes and already prefixed ones', () => {
    expect(prefixable({ a: 1 }, {}, 't')).toBe(true);
    expect(prefixable({ t: 1, a: 1 }, {}, 't')).toBe(false);
    expect(prefixable({ a: 1 }, { expireAfterSeconds: 5 }, 't')).toBe(false);
    expect(prefixable({ '$**': 1 }, {}, 't')).toBe(false);
    expect(prefixable({ loc: '2d' }, {}, 't')).toBe(false);
    expect(prefixable({ loc: '2dsphere' }, {}, 't')).toBe(true);
  });
});

describe('scopeBulkWriteOps', () => {
  it('scopes each operation in place', () => {
    const ops: Record<string, unknown>[] = [
      { insertOne: { document: { n: 1 } } },
      { updateOne: { filter: { n: 1 }, update: { $set: { s: 1 } }, upsert: true } },
      { replaceOne: { filter: {}, replacement: { n: 2 } } },
      { deleteMany: { filter: { n: 3 } } },
    ];
    scopeBulkWriteOps(ops, 'tenantId', 'acme');
    const and = [{ tenantId: 'acme' }];
    expect(ops).toEqual([
      { insertOne: { document: { n: 1, tenantId: 'acme' } } },
      {
        updateOne: {
          filter: { n: 1, $and: and },
          update: { $set: { s: 1 }, $setOnInsert: { tenantId: 'acme' } },
          upsert: true,
        },
      },
      { replaceOne: { filter: { $and: and }, replacement: { n: 2, tenantId: 'acme' } } },
      { deleteMany: { filter: { n: 3, $and: and } } },
    ]);
  });

  it('rejects the whole batch before changing it when one operation names another tenant', () => {
    const ops: Record<string, unknown>[] = [
      { deleteMany: { filter: {} } },
      { insertOne: { document: { tenantId: 'bolt' } } },
    ];
    let error: unknown;
    try {
      scopeBulkWriteOps(ops, 'tenantId', 'acme');
    } catch (e) {
      error = e;
    }
    expect(isTenantMismatchError(error)).toBe(true);
    expect(ops[0]).toEqual({ deleteMany: { filter: {} } });
  });
});
