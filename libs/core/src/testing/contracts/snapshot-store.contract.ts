import { describe, expect, it } from '@jest/globals';
import type { Snapshot, SnapshotStore } from '../../ports/snapshot-store.port.js';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeSnapshotStoreContract` needs per test: a fresh, empty snapshot store. */
export type SnapshotStoreContractSubject = ContractSubject<SnapshotStore>;

const snapshot = (overrides: Partial<Snapshot> = {}): Snapshot => ({
  streamId: 'order-1',
  version: 5,
  type: 'Order',
  schemaVersion: 1,
  state: { status: 'pending', items: [{ sku: 'A-1', quantity: 2 }], note: 'Zoë ✓', total: 12.5 },
  takenAt: '2025-01-02T03:04:05.678Z',
  ...overrides,
});

/**
 * The behaviour every {@link SnapshotStore} adapter must have: latest snapshot wins, even
 * under concurrent saves; values round-trip unchanged; input is validated.
 */
export function describeSnapshotStoreContract(
  name: string,
  factory: ContractFactory<SnapshotStoreContractSubject>,
): void {
  describe(`SnapshotStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;

    it('loads null for a stream without a snapshot', async () => {
      expect(await store().load('missing')).toBeNull();
    });

    it('round-trips every field unchanged', async () => {
      await store().save(snapshot());
      expect(await store().load('order-1')).toEqual(snapshot());
    });

    it('keeps the stored snapshot independent of the objects passed in and handed out', async () => {
      const given = snapshot();
      await store().save(given);
      (given.state as { status: string }).status = 'changed';
      const loaded = await store().load<{ status: string }>('order-1');
      loaded!.state.status = 'changed too';
      expect((await store().load<{ status: string }>('order-1'))!.state.status).toBe('pending');
    });

    it('replaces a snapshot with a newer one', async () => {
      await store().save(snapshot({ version: 5 }));
      await store().save(snapshot({ version: 9, state: { status: 'confirmed' } }));
      expect(await store().load('order-1')).toMatchObject({
        version: 9,
        state: { status: 'confirmed' },
      });
    });

    it('keeps the newer snapshot when an older version is saved later', async () => {
      await store().save(snapshot({ version: 9, state: { status: 'confirmed' } }));
      await store().save(snapshot({ version: 5 }));
      expect(await store().load('order-1')).toMatchObject({
        version: 9,
        state: { status: 'confirmed' },
      });
    });

    it('replaces a snapshot of the same version (e.g. after a schemaVersion bump)', async () => {
      await store().save(snapshot({ version: 5, schemaVersion: 1 }));
      await store().save(snapshot({ version: 5, schemaVersion: 2, state: { v: 2 } }));
      expect(await store().load('order-1')).toMatchObject({ schemaVersion: 2, state: { v: 2 } });
    });

    it('ends with the highest version after concurrent saves in any order', async () => {
      const versions = [4, 12, 1, 9, 7, 3, 11, 2, 10, 6, 8, 5];
      await Promise.all(
        versions.map((version) => store().save(snapshot({ version, state: { version } }))),
      );
      expect(await store().load('order-1')).toMatchObject({ version: 12, state: { version: 12 } });
    });

    it('keeps streams apart', async () => {
      await store().save(snapshot({ streamId: 'a', version: 3 }));
      await store().save(snapshot({ streamId: 'b', version: 1, type: 'Customer' }));
      expect(await store().load('a')).toMatchObject({ version: 3, type: 'Order' });
      expect(await store().load('b')).toMatchObject({ version: 1, type: 'Customer' });
    });

    it('deletes a snapshot, after which any version may be saved again', async () => {
      await store().save(snapshot({ streamId: 'a', version: 9 }));
      await store().save(snapshot({ streamId: 'b', version: 9 }));
      await store().delete('a');
      expect(await store().load('a')).toBeNull();
      expect(await store().load('b')).toMatchObject({ version: 9 });
      await store().save(snapshot({ streamId: 'a', version: 2 }));
      expect(await store().load('a')).toMatchObject({ version: 2 });
    });

    it('treats deleting a missing snapshot as a no-op', async () => {
      await expect(store().delete('missing')).resolves.toBeUndefined();
    });

    const invalid: [string, Partial<Snapshot>][] = [
      ['an empty stream id', { streamId: '' }],
      ['version 0', { version: 0 }],
      ['a fractional version', { version: 2.5 }],
      ['an empty type', { type: '' }],
      ['schemaVersion 0', { schemaVersion: 0 }],
      ['a missing state', { state: undefined }],
      ['an invalid takenAt', { takenAt: 'yesterday' }],
    ];
    it.each(invalid)(
      'rejects %s with VALIDATION_FAILED and stores nothing',
      async (_, overrides) => {
        await expect(store().save(snapshot(overrides))).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
        expect(await store().load(overrides.streamId ?? 'order-1')).toBeNull();
      },
    );
  });
}
