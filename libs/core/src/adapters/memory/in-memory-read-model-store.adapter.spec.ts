import { describe, expect, it } from '@jest/globals';
import { logPosition } from '../../domain/log-position.js';
import { describeReadModelStoreContract } from '../../testing/contracts/read-model-store.contract.js';
import { describeReadModelBatchAccessContract } from '../../testing/contracts/read-model-batch-access.contract.js';
import { InMemoryReadModelStore } from './in-memory-read-model-store.adapter.js';

describeReadModelStoreContract('in-memory', () => ({ adapter: new InMemoryReadModelStore() }));

describe('InMemoryReadModelStore', () => {
  it('keeps stores apart: each instance has its own documents', async () => {
    const [first, second] = [new InMemoryReadModelStore(), new InMemoryReadModelStore()];
    const at = { position: logPosition(1, 1) };
    await first.collection('orders', { tenantId: 't' }).upsert({ id: 'o1' }, at);
    await expect(second.collection('orders', { tenantId: 't' }).get('o1')).resolves.toBeUndefined();
  });

  it('runs an update function between the read and the write, so no update is lost', async () => {
    const store = new InMemoryReadModelStore();
    const counters = store.collection<{ id: string; n: number }>('counters', { tenantId: 't' });
    await counters.upsert({ id: 'c', n: 0 }, { position: logPosition(1, 1) });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        counters.update('c', (d) => ({ ...d, n: d.n + 1 }), { position: logPosition(i + 2, 0) }),
      ),
    );
    await expect(counters.get('c')).resolves.toEqual({ id: 'c', n: 10 });
  });
});
describeReadModelBatchAccessContract('in-memory', () => ({
  adapter: new InMemoryReadModelStore(),
}));
