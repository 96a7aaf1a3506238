import { describe, expect, it } from '@jest/globals';
import { isTenantIsolationError } from '../errors/tenant-isolation.error.js';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { asTenant, BOLT_ORDERS as bolt, useOrdersCollection } from './tenant-plugin.fixture.js';

describe('tenantPlugin (mongoose, MONGO_URL): each tenant sees and changes only its documents', () => {
  const db = useOrdersCollection();

  it('adds the tenant field and prefixes the declared indexes with it', () => {
    expect(db.Orders.schema.path('tenantId').options).toMatchObject({
      required: true,
      immutable: true,
    });
    expect(db.Orders.schema.indexes()).toEqual([[{ tenantId: 1, number: 1 }, { unique: true }]]);
  });

  describe('writes of new documents', () => {
    it('save/create stamp the tenant; a document of another tenant is rejected', async () => {
      await asTenant('acme', async () => {
        await db.Orders.create({ number: 'a-3', status: 'pending', amount: 1 });
        await new db.Orders({ number: 'a-4', status: 'pending', amount: 2 }).save();
        const error = await db.Orders.create({
          number: 'x',
          status: 'pending',
          amount: 3,
          tenantId: 'bolt',
        }).catch((e: unknown) => e);
        expect(isTenantMismatchError(error)).toBe(true);
      });
      const docs = await db.stored();
      expect(
        docs.filter((d) => d.number.startsWith('a-')).map((d) => [d.number, d.tenantId]),
      ).toEqual([
        ['a-1', 'acme'],
        ['a-2', 'acme'],
        ['a-3', 'acme'],
        ['a-4', 'acme'],
      ]);
      expect(docs.some((d) => d.number === 'x')).toBe(false);
    });

    it('insertMany stamps the tenant and rejects the whole batch when one names another tenant', async () => {
      await asTenant('acme', () =>
        db.Orders.insertMany([
          { number: 'a-5', status: 'pending', amount: 1 },
          { number: 'a-6', status: 'pending', amount: 1 },
        ]),
      );
      const error = await asTenant('acme', () =>
        db.Orders.insertMany([
          { number: 'a-7', status: 'pending', amount: 1 },
          { number: 'b-9', status: 'pending', amount: 1, tenantId: 'bolt' },
        ]),
      ).catch((e: unknown) => e);
      expect(isTenantMismatchError(error)).toBe(true);
      const numbers = (await db.stored()).map((d) => `${d.number}:${d.tenantId}`);
      expect(numbers).toEqual([
        'a-1:acme',
        'a-2:acme',
        'a-5:acme',
        'a-6:acme',
        'b-1:bolt',
        'b-2:bolt',
      ]);
    });

    it('a document of another tenant loaded by a platform job cannot be saved in a tenant context', async () => {
      const foreign = await db.Orders.findOne({ number: 'b-1' }, null, { skipTenant: true });
      foreign!.status = 'hacked';
      const error = await asTenant('acme', () => foreign!.save()).catch((e: unknown) => e);
      expect(isTenantMismatchError(error)).toBe(true);
      expect((await db.stored()).find((d) => d.number === 'b-1')?.status).toBe('pending');
    });
  });

  describe('reads only see the tenant', () => {
    it('find, findOne, findById, exists, countDocuments, estimatedDocumentCount, distinct', async () => {
      const foreignId = (await db.Orders.collection.findOne({ number: 'b-1' }))!._id;
      await asTenant('acme', async () => {
        expect((await db.Orders.find().sort({ number: 1 })).map((d) => d.number)).toEqual([
          'a-1',
          'a-2',
        ]);
        expect(await db.Orders.find({ number: 'b-1' })).toEqual([]);
        expect(await db.Orders.find({ tenantId: 'bolt' })).toEqual([]);
        expect((await db.Orders.findOne({ status: 'confirmed' }))?.number).toBe('a-2');
        expect(await db.Orders.findById(foreignId)).toBeNull();
        expect(await db.Orders.exists({ number: 'b-2' })).toBeNull();
        expect(await db.Orders.countDocuments()).toBe(2);
        expect(await db.Orders.countDocuments({ status: 'pending' })).toBe(1);
        expect(await db.Orders.estimatedDocumentCount()).toBe(2);
        expect((await db.Orders.distinct('number')).sort()).toEqual(['a-1', 'a-2']);
      });
      await asTenant('bolt', async () => {
        expect((await db.Orders.find().lean()).map((d) => d.number).sort()).toEqual(['b-1', 'b-2']);
        expect(await db.Orders.countDocuments()).toBe(2);
      });
    });

    it('aggregate gets a first $match on the tenant; skipTenant spans every tenant', async () => {
      const total = [{ $group: { _id: null, sum: { $sum: '$amount' }, n: { $sum: 1 } } }];
      // The context must be active when the aggregate runs: await it inside the scope.
      const acme = await asTenant('acme', async () => await db.Orders.aggregate(total));
      expect(acme).toEqual([{ _id: null, sum: 30, n: 2 }]);
      const bolt = await asTenant('bolt', () =>
        db.Orders.aggregate([{ $match: { status: 'pending' } }, ...total]).exec(),
      );
      expect(bolt).toEqual([{ _id: null, sum: 30, n: 1 }]);
      const all = await db.Orders.aggregate(total).option({ skipTenant: true });
      expect(all).toEqual([{ _id: null, sum: 100, n: 4 }]);
    });
  });

  describe('changes only touch the tenant', () => {
    it('updateOne, updateMany, replaceOne, findOneAnd* and deletes leave the other tenant alone', async () => {
      await asTenant('acme', async () => {
        expect((await db.Orders.updateMany({}, { $inc: { amount: 1 } })).modifiedCount).toBe(2);
        expect((await db.Orders.updateOne({ number: 'b-1' }, { status: 'x' })).matchedCount).toBe(
          0,
        );
        expect(
          (await db.Orders.replaceOne({ number: 'b-2' }, { number: 'b-2', status: 'x', amount: 0 }))
            .matchedCount,
        ).toBe(0);
        expect(await db.Orders.findOneAndUpdate({ number: 'b-1' }, { status: 'x' })).toBeNull();
        expect(
          await db.Orders.findOneAndReplace(
            { number: 'b-1' },
            { number: 'b-1', status: 'x', amount: 0 },
          ),
        ).toBeNull();
        expect(await db.Orders.findOneAndDelete({ number: 'b-1' })).toBeNull();
        expect((await db.Orders.deleteOne({ number: 'b-1' })).deletedCount).toBe(0);
        expect((await db.Orders.deleteMany({ status: 'pending' })).deletedCount).toBe(1);
        const replaced = await db.Orders.findOneAndReplace(
          { number: 'a-2' },
          { number: 'a-2', status: 'replaced', amount: 5 },
          { new: true },
        );
        expect(replaced?.tenantId).toBe('acme');
      });
      expect(await db.stored()).toEqual([
        { number: 'a-2', status: 'replaced', amount: 5, tenantId: 'acme' },
        ...bolt,
      ]);
    });

    it('upserts insert for the tenant, also when the filter matches another tenant', async () => {
      await asTenant('acme', async () => {
        await db.Orders.updateOne(
          { number: 'b-1' },
          { $set: { status: 'mine' } },
          { upsert: true },
        );
        await db.Orders.findOneAndUpdate(
          { number: 'a-9' },
          { $set: { amount: 9 } },
          { upsert: true },
        );
      });
      const docs = await db.stored();
      expect(
        docs
          .filter((d) => d.number === 'b-1')
          .map((d) => [d.tenantId, d.status])
          .sort(),
      ).toEqual([
        ['acme', 'mine'],
        ['bolt', 'pending'],
      ]);
      expect(docs.find((d) => d.number === 'a-9')).toMatchObject({ tenantId: 'acme', amount: 9 });
    });

    it('updates cannot move a document to another tenant or drop its tenant', async () => {
      await asTenant('acme', async () => {
        const moved = await db.Orders.updateOne(
          { number: 'a-1' },
          { $set: { tenantId: 'bolt' } },
        ).catch((e: unknown) => e);
        expect(isTenantMismatchError(moved)).toBe(true);
        const replaced = await db.Orders.replaceOne(
          { number: 'a-1' },
          { number: 'a-1', status: 'x', amount: 0, tenantId: 'bolt' },
        ).catch((e: unknown) => e);
        expect(isTenantMismatchError(replaced)).toBe(true);
        const unset = await db.Orders.updateMany({}, { $unset: { tenantId: 1 } }).catch(
          (e: unknown) => e,
        );
        expect(isTenantIsolationError(unset)).toBe(true);
        const renamed = await db.Orders.updateMany({}, { $rename: { tenantId: 'was' } }).catch(
          (e: unknown) => e,
        );
        expect(isTenantIsolationError(renamed)).toBe(true);
        // Setting the tenant to itself is harmless and dropped.
        await db.Orders.updateOne({ number: 'a-1' }, { $set: { tenantId: 'acme', status: 'ok' } });
      });
      const docs = await db.stored();
      expect(docs.map((d) => d.tenantId)).toEqual(['acme', 'acme', 'bolt', 'bolt']);
      expect(docs[0].status).toBe('ok');
    });

    it('document deleteOne and updateOne go through the query scoping', async () => {
      const foreign = await db.Orders.findOne({ number: 'b-2' }, null, { skipTenant: true });
      await asTenant('acme', async () => {
        expect((await foreign!.updateOne({ status: 'x' })).matchedCount).toBe(0);
        expect((await foreign!.deleteOne()).deletedCount).toBe(0);
      });
      expect((await db.stored()).slice(2)).toEqual(bolt);
    });

    it('bulkWrite scopes every operation', async () => {
      const result = await asTenant('acme', () =>
        db.Orders.bulkWrite([
          { insertOne: { document: { number: 'a-3', status: 'pending', amount: 3 } } },
          { updateMany: { filter: {}, update: { $set: { status: 'bulk' } } } },
          { updateOne: { filter: { number: 'b-1' }, update: { $set: { status: 'bulk' } } } },
          {
            replaceOne: {
              filter: { number: 'b-2' },
              replacement: { number: 'b-2', status: 'x', amount: 0 },
            },
          },
          { deleteOne: { filter: { number: 'b-1' } } },
          { deleteMany: { filter: { number: 'a-1' } } },
        ]),
      );
      expect(result).toMatchObject({ insertedCount: 1, matchedCount: 3, deletedCount: 1 });
      expect(await db.stored()).toEqual([
        { number: 'a-2', status: 'bulk', amount: 20, tenantId: 'acme' },
        { number: 'a-3', status: 'bulk', amount: 3, tenantId: 'acme' },
        ...bolt,
      ]);
      const foreign = await asTenant('acme', () =>
        db.Orders.bulkWrite([
          { insertOne: { document: { number: 'z', status: 'x', amount: 0, tenantId: 'bolt' } } },
        ]),
      ).catch((e: unknown) => e);
      expect(isTenantMismatchError(foreign)).toBe(true);
      expect((await db.stored()).some((d) => d.number === 'z')).toBe(false);
    });
  });
});
