import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '@cqrs-ddd/core';
import { isSagaNotFoundError } from '../errors/saga-not-found.error.js';
import { SagasModule } from '../module/sagas.module.js';
import type { SagaEngine } from '../saga/saga-engine.js';
import type { SagaInstance } from '../saga/saga-instance.js';
import type { SagaInstanceQuery } from '../saga/saga-instance.store.js';
import { SagaAdminController } from './saga-admin.controller.js';
import { SagaAdminService } from './saga-admin.service.js';

const instance = (sagaId: string): SagaInstance => ({
  sagaName: 's',
  sagaId,
  status: 'running',
  stepIndex: 0,
  completedSteps: [],
  state: {},
  version: 1,
  correlationId: 'c',
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

/** An engine whose instance store holds `ids` (sorted) and records the queries. */
function fakeEngine(ids: string[]) {
  const queries: SagaInstanceQuery[] = [];
  const engine = {
    runtime: {
      instances: {
        list: (query: SagaInstanceQuery) => {
          queries.push(query);
          const after = query.after?.[1] ?? '';
          return Promise.resolve(
            ids
              .filter((id) => id > after)
              .slice(0, query.limit)
              .map(instance),
          );
        },
        find: () => Promise.resolve(undefined),
      },
    },
  } as unknown as SagaEngine;
  return { engine, queries };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('SagaAdminService', () => {
  it('pages instances with an opaque cursor', async () => {
    const { engine, queries } = fakeEngine(['a', 'b', 'c']);
    const admin = new SagaAdminService(engine);
    const first = await admin.list({ name: 's', status: 'running', limit: 2 });
    expect(first.items.map((i) => i.sagaId)).toEqual(['a', 'b']);
    const second = await admin.list({ name: 's', limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [instance('c')] });
    expect(queries[0]).toEqual({ name: 's', status: 'running', limit: 3, after: undefined });
    expect(queries[1]?.after).toEqual(['s', 'b']);
  });

  it('rejects bad limits, statuses, cursors and reasons; unknown instances are not found', async () => {
    const admin = new SagaAdminService(fakeEngine([]).engine);
    for (const query of [
      { limit: 0 },
      { limit: 501 },
      { status: 'done' as never },
      { cursor: 'x' },
    ]) {
      expect(isValidationError(await rejection(admin.list(query)))).toBe(true);
    }
    expect(isValidationError(await rejection(admin.compensate('s', 'a', ' ')))).toBe(true);
    expect(isSagaNotFoundError(await rejection(admin.get('s', 'a')))).toBe(true);
  });
});

describe('SagaAdminController', () => {
  it('parses the query and rejects a malformed limit', async () => {
    const { engine, queries } = fakeEngine(['a']);
    const controller = new SagaAdminController(new SagaAdminService(engine));
    await controller.list('s', 'running', '10');
    expect(queries[0]).toMatchObject({ name: 's', status: 'running', limit: 11 });
    expect(() => controller.list(undefined, undefined, '1e3')).toThrow(/limit/);
  });
});

describe('SagasModule', () => {
  it('mounts the admin controller only with adminApi, and imports scheduling when given', () => {
    expect(SagasModule.forRoot({}).controllers).toEqual([]);
    const module = SagasModule.forRootAsync({
      useFactory: () => ({}),
      adminApi: true,
      scheduling: { store: 'memory', commands: [] },
    });
    expect(module.controllers).toEqual([SagaAdminController]);
    expect(module.global).toBe(true);
    expect(module.imports?.length).toBeGreaterThanOrEqual(2);
  });
});
