import { describe, expect, it } from '@jest/globals';
import {
  type ContractFactory,
  type ContractSubject,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import type {
  ProjectionState,
  ProjectionStateStore,
} from '../projection/projection-state-store.port.js';

/** What `describeProjectionStateStoreContract` needs per test: a fresh, empty store. */
export type ProjectionStateStoreContractSubject = ContractSubject<ProjectionStateStore>;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The behaviour every {@link ProjectionStateStore} adapter must have: a projection starts at
 * generation 1, a rebuild builds `active + 1` while the active one serves, only one rebuild
 * runs at a time, and completing it is a compare-and-swap on the building generation — also
 * when instances race.
 */
export function describeProjectionStateStoreContract(
  name: string,
  factory: ContractFactory<ProjectionStateStoreContractSubject>,
): void {
  describe(`ProjectionStateStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;
    const withoutTime = ({ updatedAt: _, ...state }: ProjectionState) => state;

    it('has no state for a projection never started', async () => {
      expect(await store().get('orders')).toBeUndefined();
    });

    it('initialises generation 1, built by the given version, once', async () => {
      const created = await store().initialise('orders', 3);
      expect(withoutTime(created)).toEqual({
        name: 'orders',
        activeGeneration: 1,
        activeVersion: 3,
      });
      expect(created.updatedAt).toMatch(ISO_TIMESTAMP);
      expect(await store().get('orders')).toEqual(created);
      await expect(store().initialise('orders', 4)).resolves.toEqual(created);
      expect(await store().get('other')).toBeUndefined();
    });

    it('begins one rebuild of the next generation, keeping the active one', async () => {
      await store().initialise('orders', 1);
      const building = await store().beginRebuild('orders', 2);
      expect(withoutTime(building)).toEqual({
        name: 'orders',
        activeGeneration: 1,
        activeVersion: 1,
        buildingGeneration: 2,
        buildingVersion: 2,
      });
      await expect(store().beginRebuild('orders', 5)).resolves.toEqual(building);
      expect(await store().get('orders')).toEqual(building);
    });

    it('completes the building generation once, then rebuilds the one after', async () => {
      await store().initialise('orders', 1);
      await store().beginRebuild('orders', 2);
      const completed = await store().completeRebuild('orders', 2);
      expect(withoutTime(completed!)).toEqual({
        name: 'orders',
        activeGeneration: 2,
        activeVersion: 2,
      });
      expect(await store().get('orders')).toEqual(completed);
      await expect(store().completeRebuild('orders', 2)).resolves.toBeUndefined();
      const next = await store().beginRebuild('orders', 2);
      expect(next).toMatchObject({
        activeGeneration: 2,
        buildingGeneration: 3,
        buildingVersion: 2,
      });
    });

    it('refuses to complete a generation that is not being built', async () => {
      await store().initialise('orders', 1);
      await expect(store().completeRebuild('orders', 2)).resolves.toBeUndefined();
      const building = await store().beginRebuild('orders', 1);
      await expect(store().completeRebuild('orders', 3)).resolves.toBeUndefined();
      await expect(store().completeRebuild('unknown', 2)).resolves.toBeUndefined();
      expect(await store().get('orders')).toEqual(building);
    });

    it('fails with NOT_FOUND to rebuild a projection never initialised', async () => {
      await expect(store().beginRebuild('unknown', 1)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await store().get('unknown')).toBeUndefined();
    });

    it('agrees on one generation when instances race to begin a rebuild', async () => {
      await store().initialise('orders', 1);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) => store().beginRebuild('orders', index + 2)),
      );
      const stored = await store().get('orders');
      expect(stored?.buildingGeneration).toBe(2);
      for (const result of results) expect(result).toEqual(stored);
    });

    it('agrees on one state when instances race to initialise', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) => store().initialise('orders', index + 1)),
      );
      const stored = await store().get('orders');
      for (const result of results) expect(result).toEqual(stored);
    });

    it('completes a rebuild for exactly one of racing instances', async () => {
      await store().initialise('orders', 1);
      await store().beginRebuild('orders', 2);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store().completeRebuild('orders', 2)),
      );
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      expect(await store().get('orders')).toMatchObject({ activeGeneration: 2 });
    });

    it('rejects invalid arguments with VALIDATION_FAILED', async () => {
      await expect(store().initialise('', 1)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'name' }],
      });
      await expect(store().initialise('orders', 1.5)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'version' }],
      });
      await expect(store().beginRebuild('orders', -1)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(store().completeRebuild('orders', 0)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'generation' }],
      });
      expect(await store().get('orders')).toBeUndefined();
    });
  });
}
