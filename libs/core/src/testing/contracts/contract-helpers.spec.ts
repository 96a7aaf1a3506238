import { describe, expect, it } from '@jest/globals';
import {
  readPages,
  rejectionOf,
  thrownBy,
  uniqueName,
  useContractSubject,
  useSharedResource,
} from './contract-helpers.js';
import { pollUntil } from './contract-time.js';

describe('useContractSubject', () => {
  const events: string[] = [];
  let created = 0;
  const subject = useContractSubject(() => {
    created += 1;
    const id = created;
    events.push(`create ${id}`);
    return { adapter: { id }, dispose: () => void events.push(`dispose ${id}`) };
  });

  it('creates a subject before the test', () => {
    expect(subject().adapter.id).toBe(1);
    expect(events).toEqual(['create 1']);
  });

  it('disposes of it after the test and creates a fresh one for the next', () => {
    expect(subject().adapter.id).toBe(2);
    expect(events).toEqual(['create 1', 'dispose 1', 'create 2']);
  });
});

describe('useSharedResource', () => {
  const events: string[] = [];
  let opened = 0;

  describe('in a describe', () => {
    const resource = useSharedResource(
      async () => {
        opened += 1;
        events.push(`open ${opened}`);
        return { id: opened, dispose: () => void events.push('dispose') };
      },
      async ({ id }) => void events.push(`reset ${id}`),
    );

    it('opens the resource before the tests and resets it before each', () => {
      expect(resource().id).toBe(1);
      expect(events).toEqual(['open 1', 'reset 1']);
    });

    it('keeps it for the next test', () => {
      expect(resource().id).toBe(1);
      expect(events).toEqual(['open 1', 'reset 1', 'reset 1']);
    });
  });

  it('disposes of it after the tests of the describe', () => {
    expect(events).toEqual(['open 1', 'reset 1', 'reset 1', 'dispose']);
  });
});

describe('readPages', () => {
  const pageAfter = async (cursor: string | undefined) => {
    const at = Number(cursor ?? 0);
    return { items: [at], nextCursor: at < 3 ? String(at + 1) : null };
  };

  it('follows nextCursor to the last page, from the given cursor when there is one', async () => {
    expect((await readPages(pageAfter)).flatMap((page) => page.items)).toEqual([0, 1, 2, 3]);
    expect((await readPages(pageAfter, '2')).flatMap((page) => page.items)).toEqual([2, 3]);
  });

  it('fails instead of hanging on a cursor that never ends', async () => {
    const endless = async () => ({ nextCursor: 'again' });
    await expect(readPages(endless)).rejects.toThrow('Paging did not end within 100 pages');
  });
});

describe('rejectionOf', () => {
  it('returns the rejection reason, and fails on success naming the value', async () => {
    const reason = new Error('refused');
    await expect(rejectionOf(Promise.reject(reason))).resolves.toBe(reason);
    await expect(rejectionOf(Promise.resolve({ id: 'p-1' }))).rejects.toThrow("id: 'p-1'");
  });
});

describe('thrownBy', () => {
  it('returns what the call throws, and fails on a return naming the value', () => {
    const reason = new Error('refused');
    expect(
      thrownBy(() => {
        throw reason;
      }),
    ).toBe(reason);
    expect(() => thrownBy(() => ({ id: 'p-1' }))).toThrow("id: 'p-1'");
  });
});

describe('uniqueName', () => {
  it('gives distinct names made of letters, digits and underscores', () => {
    const names = Array.from({ length: 100 }, () => uniqueName('contract'));
    expect(new Set(names).size).toBe(100);
    for (const name of names) expect(name).toMatch(/^contract_[a-f0-9]{32}$/);
  });
});

describe('pollUntil', () => {
  it('reads until the condition holds, or returns the last value at the time-out', async () => {
    let reads = 0;
    await expect(
      pollUntil(
        async () => ++reads,
        (n) => n >= 3,
      ),
    ).resolves.toBe(3);
    await expect(
      pollUntil(
        async () => 'never',
        () => false,
        20,
      ),
    ).resolves.toBe('never');
  });
});
