import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { migrateEventStore, PostgresEventStore } from '@cqrs-ddd/event-store';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import { migrateProjections } from '@cqrs-ddd/projections';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ensureLibsBuilt } from '../../../../.ci/jest/libs-build.js';
import { SAGA_CHILD_PROJECTS, SagaChild, type SagaChildMessage } from './saga-child.fixture.js';
import { migrateSagas } from './sagas-schema.js';

const SAGA = 'crash-saga';
const IDS = Array.from({ length: 10 }, (_, i) => `c-${i + 1}`);
const STEPS = ['one', 'two', 'three'];

/**
 * Crash safety of sagas (DESIGN.md §9): saga workers in child processes (on the built
 * libraries) are killed with SIGKILL inside the transaction applying an event, inside the
 * transaction executing a command, and at an arbitrary moment; a new process resumes each time.
 * Every instance completes with each step's command executed once in effect.
 */
describe('saga worker killed with SIGKILL', () => {
  const schema = uniqueName('sagacrash');
  let orm: MikroORM;
  let writer: PostgresEventStore;

  beforeAll(async () => {
    await ensureLibsBuilt(SAGA_CHILD_PROJECTS);
    orm = await createTestOrm();
    await migrateEventStore(orm, { schema });
    await migrateProjections(orm.em, { schema });
    await migrateSagas(orm.em.getConnection(), { schema });
    writer = new PostgresEventStore(orm.em, { schema });
  }, 180_000);
  afterAll(async () => {
    await SagaChild.killAll();
    await orm?.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await writer?.close();
    await orm?.close();
  });

  const statuses = () =>
    orm.em
      .getConnection()
      .execute<{ saga_id: string; status: string }[]>(
        `SELECT saga_id, status FROM "${schema}".saga_instances WHERE saga_name = ?`,
        [SAGA],
      );

  it('resumes in a new process: every instance completes, each step executed once in effect', async () => {
    for (const id of IDS) {
      await writer.append(id, [
        { type: 'crash.started', version: 1, data: {}, metadata: { tenantId: 't-crash' } },
      ]);
    }
    const frozen = (m: SagaChildMessage) => m.kind === 'frozen';
    const inEvent = SagaChild.start('crash-event', schema, SAGA, { stage: 'in-event', nth: 6 });
    const inCommand = SagaChild.start('crash-command', schema, SAGA, {
      stage: 'in-command',
      nth: 5,
    });
    const anywhere = SagaChild.start('crash-anywhere', schema, SAGA);
    const resumed = SagaChild.start('resumed', schema, SAGA);

    for (const child of [inEvent, inCommand]) {
      await child.begin();
      await child.waitFor(frozen, { timeoutMs: 30_000 });
      await child.kill();
    }
    await anywhere.begin();
    await anywhere.waitFor((m) => m.kind === 'executed', { nth: 8, timeoutMs: 30_000 });
    await anywhere.kill();
    await resumed.begin();

    const done = await pollUntil(
      statuses,
      (rows) => rows.length === IDS.length && rows.every((row) => row.status === 'completed'),
      30_000,
    );
    expect(done).toHaveLength(IDS.length);

    // One effect per step and instance: nothing lost, nothing repeated.
    for (const id of IDS) {
      const effects: string[] = [];
      for await (const event of writer.readStream(`effects-${id}`)) effects.push(event.type);
      expect(effects).toEqual(STEPS.map((step) => `crash.${step}-done`));
    }
    const commands = await orm.em
      .getConnection()
      .execute<{ status: string; count: string }[]>(
        `SELECT status, count(*) AS count FROM "${schema}".saga_commands GROUP BY status`,
      );
    expect(commands).toEqual([{ status: 'dispatched', count: String(IDS.length * STEPS.length) }]);

    // What the killed processes had done inside their open transactions was done again.
    const executed = (child: SagaChild) =>
      child.messages.filter((m) => m.kind === 'executed').map((m) => `${m.sagaId}/${m.step}`);
    const lost = executed(inCommand).at(-1)!;
    expect([...executed(anywhere), ...executed(resumed)]).toContain(lost);
    const attempts = [inEvent, inCommand, anywhere, resumed].flatMap(executed);
    expect(attempts.length).toBeGreaterThan(IDS.length * STEPS.length);
    expect(new Set(attempts).size).toBe(IDS.length * STEPS.length);
    const applied = (child: SagaChild) => child.messages.filter((m) => m.kind === 'event').length;
    expect(applied(inEvent)).toBe(6);

    resumed.signal('SIGTERM');
    await resumed.waitFor((m) => m.kind === 'stopped');
    await expect(resumed.exited).resolves.toEqual({ code: 0, signal: null });
  }, 120_000);
});
