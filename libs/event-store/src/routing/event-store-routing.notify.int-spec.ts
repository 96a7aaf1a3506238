import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStore, TargetEventStores } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import pg from 'pg';
import {
  bootRoutedPostgresApp,
  type RoutedPostgresApp,
  type Tenant,
} from './routed-postgres-app.fixture.js';

// LISTEN/NOTIFY per storage target; polling is off, so every wake-up is a notification.
let routed: RoutedPostgresApp;

beforeAll(async () => {
  routed = await bootRoutedPostgresApp(600_000);
});

afterAll(async () => {
  await routed?.close();
});

const appendAs = (tenant: Tenant, streamId: string) =>
  routed.asTenant(tenant, () =>
    routed.app.get(EventStore).append(streamId, [{ type: 'test.happened', version: 1, data: {} }]),
  );

describe('EventStoreModule (postgres) routed to storage targets: wake-ups', () => {
  it.each(['acme', 'globex', 'initech'] as const)(
    "wakes subscribers of a target's store after its appends (%s)",
    async (tenant) => {
      const store = await routed.app.get(TargetEventStores).forTarget(routed.targetOf(tenant));
      let wakes = 0;
      const unsubscribe = store.subscribe(() => (wakes += 1));
      try {
        // The first wake-up says the LISTEN connection (to the target's database) is up.
        expect(
          await pollUntil(
            async () => wakes,
            (n) => n >= 1,
            10_000,
          ),
        ).toBeGreaterThan(0);
        const before = wakes;
        await appendAs(tenant, `n-${tenant}`);
        expect(
          await pollUntil(
            async () => wakes,
            (n) => n > before,
            10_000,
          ),
        ).toBeGreaterThan(before);
      } finally {
        unsubscribe();
      }
    },
  );

  it("notifies the schema target's channel, not the shared one, for its appends", async () => {
    const witness = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const channels: string[] = [];
    witness.on('notification', (message) => channels.push(message.channel));
    await witness.connect();
    try {
      await witness.query(`LISTEN "${routed.acmeSchema}.cqrs_messages"`);
      await witness.query('LISTEN "public.cqrs_messages"');

      await appendAs('acme', 'w-acme');
      await pollUntil(
        async () => channels.length,
        (n) => n >= 1,
        10_000,
      );
      await appendAs('shared', 'w-shared');
      await pollUntil(
        async () => channels.length,
        (n) => n >= 2,
        10_000,
      );

      expect(channels).toEqual([`${routed.acmeSchema}.cqrs_messages`, 'public.cqrs_messages']);
    } finally {
      await witness.end();
    }
  });
});
