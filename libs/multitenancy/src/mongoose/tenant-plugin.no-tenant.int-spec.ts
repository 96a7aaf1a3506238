import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Model } from 'mongoose';
import { isTenantRequiredError } from '../errors/tenant-required.error.js';
import {
  openOrdersCollection,
  type Order,
  type OrdersCollection,
} from './tenant-plugin.fixture.js';

describe('tenantPlugin (mongoose, MONGO_URL) without a tenant', () => {
  let db: OrdersCollection;
  let Orders: Model<Order>;
  const stored = () => db.stored();

  beforeAll(async () => {
    db = await openOrdersCollection();
    Orders = db.Orders;
  });

  afterAll(async () => {
    await db?.dispose();
  });

  beforeEach(async () => {
    await db.seed();
  });

  const operations: [string, () => Promise<unknown>][] = [
    ['find', () => Orders.find()],
    ['findOne', () => Orders.findOne()],
    ['countDocuments', () => Orders.countDocuments()],
    ['estimatedDocumentCount', () => Orders.estimatedDocumentCount()],
    ['distinct', () => Orders.distinct('number')],
    ['aggregate', () => Orders.aggregate([{ $match: {} }])],
    ['create', () => Orders.create({ number: 'n-1', status: 'x', amount: 0 })],
    ['save', () => new Orders({ number: 'n-2', status: 'x', amount: 0, tenantId: 'acme' }).save()],
    [
      'insertMany',
      () => Orders.insertMany([{ number: 'n-3', status: 'x', amount: 0, tenantId: 'acme' }]),
    ],
    ['updateOne', () => Orders.updateOne({}, { status: 'x' })],
    ['updateMany', () => Orders.updateMany({}, { status: 'x' })],
    ['replaceOne', () => Orders.replaceOne({}, { number: 'r', status: 'x', amount: 0 })],
    ['findOneAndUpdate', () => Orders.findOneAndUpdate({}, { status: 'x' })],
    [
      'findOneAndReplace',
      () => Orders.findOneAndReplace({}, { number: 'r', status: 'x', amount: 0 }),
    ],
    ['findOneAndDelete', () => Orders.findOneAndDelete({})],
    ['deleteOne', () => Orders.deleteOne({})],
    ['deleteMany', () => Orders.deleteMany({})],
    ['bulkWrite', () => Orders.bulkWrite([{ deleteMany: { filter: {} } }])],
  ];

  it.each(operations)(
    '%s throws TenantRequiredError and changes nothing',
    async (_name, operation) => {
      const before = await stored();
      const error = await operation().catch((e: unknown) => e);
      expect(isTenantRequiredError(error)).toBe(true);
      expect(await stored()).toEqual(before);
    },
  );

  it('skipTenant (platform jobs) reads and changes every tenant', async () => {
    expect(await Orders.countDocuments({}, { skipTenant: true })).toBe(4);
    expect(await Orders.find().setOptions({ skipTenant: true })).toHaveLength(4);
    const updated = await Orders.updateMany({}, { $set: { status: 'archived' } }).setOptions({
      skipTenant: true,
    });
    expect(updated.modifiedCount).toBe(4);
    await Orders.bulkWrite([{ deleteMany: { filter: { number: 'a-1' } } }], { skipTenant: true });
    await new Orders({ number: 'c-1', status: 'new', amount: 0, tenantId: 'cove' }).save({
      skipTenant: true,
    });
    expect((await stored()).map((d) => `${d.number}:${d.status}:${d.tenantId}`)).toEqual([
      'a-2:archived:acme',
      'b-1:archived:bolt',
      'b-2:archived:bolt',
      'c-1:new:cove',
    ]);
  });
});
