import { describe, expect, it } from '@jest/globals';
import { isTenantRequiredError } from '../errors/tenant-required.error.js';
import { useOrdersCollection } from './tenant-plugin.fixture.js';

describe('tenantPlugin (mongoose, MONGO_URL) without a tenant', () => {
  const db = useOrdersCollection();

  const operations: [string, () => Promise<unknown>][] = [
    ['find', () => db.Orders.find()],
    ['findOne', () => db.Orders.findOne()],
    ['countDocuments', () => db.Orders.countDocuments()],
    ['estimatedDocumentCount', () => db.Orders.estimatedDocumentCount()],
    ['distinct', () => db.Orders.distinct('number')],
    ['aggregate', () => db.Orders.aggregate([{ $match: {} }])],
    ['create', () => db.Orders.create({ number: 'n-1', status: 'x', amount: 0 })],
    [
      'save',
      () => new db.Orders({ number: 'n-2', status: 'x', amount: 0, tenantId: 'acme' }).save(),
    ],
    [
      'insertMany',
      () => db.Orders.insertMany([{ number: 'n-3', status: 'x', amount: 0, tenantId: 'acme' }]),
    ],
    ['updateOne', () => db.Orders.updateOne({}, { status: 'x' })],
    ['updateMany', () => db.Orders.updateMany({}, { status: 'x' })],
    ['replaceOne', () => db.Orders.replaceOne({}, { number: 'r', status: 'x', amount: 0 })],
    ['findOneAndUpdate', () => db.Orders.findOneAndUpdate({}, { status: 'x' })],
    [
      'findOneAndReplace',
      () => db.Orders.findOneAndReplace({}, { number: 'r', status: 'x', amount: 0 }),
    ],
    ['findOneAndDelete', () => db.Orders.findOneAndDelete({})],
    ['deleteOne', () => db.Orders.deleteOne({})],
    ['deleteMany', () => db.Orders.deleteMany({})],
    ['bulkWrite', () => db.Orders.bulkWrite([{ deleteMany: { filter: {} } }])],
  ];

  it.each(operations)(
    '%s throws TenantRequiredError and changes nothing',
    async (_name, operation) => {
      const before = await db.stored();
      const error = await operation().catch((e: unknown) => e);
      expect(isTenantRequiredError(error)).toBe(true);
      expect(await db.stored()).toEqual(before);
    },
  );

  it('skipTenant (platform jobs) reads and changes every tenant', async () => {
    expect(await db.Orders.countDocuments({}, { skipTenant: true })).toBe(4);
    expect(await db.Orders.find().setOptions({ skipTenant: true })).toHaveLength(4);
    const updated = await db.Orders.updateMany({}, { $set: { status: 'archived' } }).setOptions({
      skipTenant: true,
    });
    expect(updated.modifiedCount).toBe(4);
    await db.Orders.bulkWrite([{ deleteMany: { filter: { number: 'a-1' } } }], {
      skipTenant: true,
    });
    await new db.Orders({ number: 'c-1', status: 'new', amount: 0, tenantId: 'cove' }).save({
      skipTenant: true,
    });
    expect((await db.stored()).map((d) => `${d.number}:${d.status}:${d.tenantId}`)).toEqual([
      'a-2:archived:acme',
      'b-1:archived:bolt',
      'b-2:archived:bolt',
      'c-1:new:cove',
    ]);
  });
});
