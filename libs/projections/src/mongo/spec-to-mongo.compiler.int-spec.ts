import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Specification, evaluate } from '@cqrs-ddd/core';
import { SPECIFICATION_FIXTURE, SPECIFICATION_SEMANTICS_CASES } from '@cqrs-ddd/core/testing';
import type { Collection } from 'mongoose';
import {
  type TestMongoConnection,
  createTestMongoConnection,
  describeMongoTarget,
} from '../testing/mongo-test-database.js';
import { compileSpecToMongo } from './spec-to-mongo.compiler.js';
import { TRICKY_DOCUMENTS, trickySpecifications } from './spec-to-mongo.fixture.js';

describe(`compileSpecToMongo against the server (${describeMongoTarget()})`, () => {
  let database: TestMongoConnection;
  let table: Collection;
  let tricky: Collection;

  beforeAll(async () => {
    database = await createTestMongoConnection();
    table = database.connection.collection('semantics');
    tricky = database.connection.collection('tricky');
    await table.insertMany(SPECIFICATION_FIXTURE.map((doc) => ({ doc })));
    await tricky.insertMany(TRICKY_DOCUMENTS.map((doc) => ({ doc })));
  });

  afterAll(async () => {
    await database?.dispose();
  });

  async function matchedIds(collection: Collection, spec: Specification): Promise<string[]> {
    const found = await collection.find(compileSpecToMongo(spec)).toArray();
    return found.map((record) => (record.doc as { id: string }).id).sort();
  }

  it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))(
    'semantics table: %s',
    async (_, c) => {
      await expect(matchedIds(table, c.spec)).resolves.toEqual(c.expected);
    },
  );

  it('agrees with evaluate on every operator over arrays, nulls, nesting and non-BMP text', async () => {
    const results = await Promise.all(
      trickySpecifications().map(async (spec) => ({
        spec: JSON.stringify(spec),
        expected: TRICKY_DOCUMENTS.filter((doc) => evaluate(spec, doc)).map((doc) => doc.id),
        actual: await matchedIds(tricky, spec),
      })),
    );
    const disagreements = results.filter(
      ({ expected, actual }) => JSON.stringify(actual) !== JSON.stringify(expected),
    );
    expect(disagreements).toEqual([]);
  }, 60_000);
});
