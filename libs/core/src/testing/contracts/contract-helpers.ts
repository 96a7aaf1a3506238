import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/**
 * Registers `beforeEach`/`afterEach` hooks that create one subject per test with `factory` and
 * dispose of it afterwards; returns an accessor for the running test's subject. Hooks the suite
 * registers after this call already see the new subject.
 */
export function useContractSubject<TSubject extends ContractSubject<unknown>>(
  factory: ContractFactory<TSubject>,
): () => TSubject {
  let subject: { readonly value: TSubject } | undefined;
  beforeEach(async () => {
    subject = { value: await factory() };
  });
  afterEach(async () => {
    const done = subject;
    subject = undefined;
    await done?.value.dispose?.();
  });
  return () => {
    if (!subject) throw new Error('The contract subject is only available inside a test');
    return subject.value;
  };
}

/**
 * Registers hooks that open one resource for the enclosing `describe` with `open` before its
 * tests, `reset` it before each test and dispose of it after all; returns an accessor for it.
 * For what is too slow to open per test (a database, a connection); per test, see
 * {@link useContractSubject}.
 */
export function useSharedResource<TResource extends { dispose(): Promise<void> | void }>(
  open: () => Promise<TResource>,
  reset?: (resource: TResource) => Promise<void>,
): () => TResource {
  let resource: TResource | undefined;
  const opened = (): TResource => {
    if (!resource) throw new Error('The shared resource is only available inside a test');
    return resource;
  };
  beforeAll(async () => {
    resource = await open();
  });
  afterAll(async () => {
    const done = resource;
    resource = undefined;
    await done?.dispose();
  });
  if (reset) beforeEach(() => reset(opened()));
  return opened;
}

/**
 * `<prefix>_<random hex>`: a name no other test, test file or process uses, so tests sharing a
 * real backend never collide. Letters, digits and `_` only, valid as a collection or table name.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** The rejection reason of `promise`; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`Expected a rejection, but the operation resolved with ${inspect(value)}`);
}

/** What `fn` throws; fails the test if it returns. */
export function thrownBy(fn: () => unknown): unknown {
  let value: unknown;
  try {
    value = fn();
  } catch (error) {
    return error;
  }
  throw new Error(`Expected a throw, but the call returned ${inspect(value)}`);
}

/** Asserts that `promise` rejects with a suite error carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** ISO-8601 timestamp as stores return them. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Asserts that `value` is an ISO-8601 timestamp of a real instant. */
export function expectIsoTimestamp(value: unknown): void {
  expect(value).toEqual(expect.stringMatching(ISO_TIMESTAMP));
  expect(Number.isNaN(Date.parse(value as string))).toBe(false);
}

/** A page of a cursor-paged read; no `nextCursor` (absent or null) ends the read. */
export interface CursorPage {
  readonly nextCursor?: string | null;
}

/**
 * Every page of a cursor-paged read: `readPage(cursor)` from `cursor` on, following
 * `nextCursor` until a page has none. Fails after 100 pages, so a cursor that never ends fails
 * the test instead of hanging it.
 */
export async function readPages<TPage extends CursorPage>(
  readPage: (cursor: string | undefined) => Promise<TPage>,
  cursor?: string,
): Promise<TPage[]> {
  const pages: TPage[] = [];
  let next = cursor;
  do {
    if (pages.length === 100) throw new Error('Paging did not end within 100 pages');
    const page = await readPage(next);
    pages.push(page);
    next = page.nextCursor ?? undefined;
  } while (next !== undefined);
  return pages;
}
