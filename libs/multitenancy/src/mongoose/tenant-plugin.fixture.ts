// Test fixture (not part of the public API): a tenant-scoped mongoose model on MONGO_URL.
import { runInContext } from '@cqrs-ddd/core';
import { useSharedResource } from '@cqrs-ddd/core/testing';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection, type Model, Schema } from 'mongoose';
import { tenantPlugin } from './tenant.plugin.js';

/** A document of the orders collection. */
export interface Order {
  number: string;
  status: string;
  amount: number;
  tenantId?: string;
}

/** Runs `work` in a request context of `tenantId` (await queries inside `work`). */
export const asTenant = <T>(tenantId: string, work: () => Promise<T>): Promise<T> =>
  runInContext({ tenantId }, work);

/** The documents {@link OrdersCollection.seed} writes for tenant `bolt`. */
export const BOLT_ORDERS: Order[] = [
  { number: 'b-1', status: 'pending', amount: 30, tenantId: 'bolt' },
  { number: 'b-2', status: 'confirmed', amount: 40, tenantId: 'bolt' },
];

/** A tenant-scoped `Order` model in a database of its own. */
export interface OrdersCollection {
  readonly connection: Connection;
  readonly Orders: Model<Order>;
  /** Replaces the documents with two of `acme` (a-1, a-2) and two of `bolt` (b-1, b-2). */
  seed(): Promise<void>;
  /** Every document, read with the raw driver (around the plugin), sorted by number. */
  stored(): Promise<Order[]>;
  /** Drops the database and closes the connection. */
  dispose(): Promise<void>;
}

/**
 * Registers the hooks of a test file on the orders collection (call it inside the file's
 * top-level `describe`): opened before the tests, seeded before each, dropped after all.
 */
export function useOrdersCollection(): Pick<OrdersCollection, 'Orders' | 'stored'> {
  const db = useSharedResource(openOrdersCollection, (opened) => opened.seed());
  return {
    get Orders() {
      return db().Orders;
    },
    stored: () => db().stored(),
  };
}

/** Connects to MONGO_URL with a new database and a tenant-scoped `Order` model. */
async function openOrdersCollection(): Promise<OrdersCollection> {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: run through the jest integration project.');
  const connection = await mongoose
    .createConnection(url, {
      dbName: `mt_plugin_${randomBytes(6).toString('hex')}`,
      serverSelectionTimeoutMS: 5000,
      autoIndex: false,
    })
    .asPromise();
  const schema = new Schema<Order>({ number: String, status: String, amount: Number });
  schema.index({ number: 1 }, { unique: true });
  schema.plugin(tenantPlugin);
  const Orders = connection.model<Order>('Order', schema, 'orders');
  return {
    connection,
    Orders,
    async seed() {
      await Orders.collection.deleteMany({});
      await Orders.collection.insertMany([
        { number: 'a-1', status: 'pending', amount: 10, tenantId: 'acme' },
        { number: 'a-2', status: 'confirmed', amount: 20, tenantId: 'acme' },
        ...BOLT_ORDERS.map((order) => ({ ...order })),
      ]);
    },
    async stored() {
      const docs = await Orders.collection.find({}, { projection: { _id: 0, __v: 0 } }).toArray();
      return (docs as unknown as Order[]).sort((a, b) => a.number.localeCompare(b.number));
    },
    async dispose() {
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}
