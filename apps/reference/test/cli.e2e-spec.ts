import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '@cqrs-ddd/cli';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { type ParkedEvent, ProjectionsService } from '@cqrs-ddd/projections';
import pg from 'pg';
import { ensureLibsBuilt } from '../../../.ci/jest/libs-build.js';
import { AppModule } from '../src/app.module.js';
import { loadAppConfig } from '../src/config/app-config.js';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder, readOrder } from './support/orders-api.js';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const PROJECTION = 'order-summary';

/** A CLI output stream that keeps what is written (not a terminal). */
class CapturedOutput {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/**
 * The operations CLI against the reference app on a real PostgreSQL database (and RabbitMQ for
 * the outbox): a running app instance serves HTTP and runs the processors while each CLI
 * command boots the app module on its own (no HTTP, no processors), as `npm run cli` does.
 */
describe('operations CLI (e2e)', () => {
  const suffix = randomBytes(4).toString('hex');
  const broker = uniqueBrokerTopology('cli');
  let api: E2eApp;
  let db: pg.Client;
  const orderIds: string[] = [];

  /** Runs one CLI command in-process; stdout is not a terminal (progress as lines). */
  async function cli(...argv: string[]): Promise<CliResult> {
    const config = {
      ...loadAppConfig({
        ...process.env,
        MONGO_URL: '',
        ORDER_FULFILMENT: 'off',
        ...broker.env,
      }),
      databaseUrl: process.env.DATABASE_URL!,
    };
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();
    const code = await runCli(AppModule.forRoot({ config, api: false, processor: false }), {
      argv,
      stdout,
      stderr,
      logger: false,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  /** Runs a command with `--json`; expects exit code 0 and pure JSON on stdout. */
  async function json<T>(...argv: string[]): Promise<T> {
    const result = await cli(...argv, '--json');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as T;
  }

  function serverParked(): Promise<ParkedEvent[]> {
    const service = api.app.get(ProjectionsService, { strict: false });
    return service.runtime(PROJECTION).processors().listParked();
  }

  beforeAll(async () => {
    api = await startApp(broker.env);
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    for (const customer of ['c-1', 'c-2', 'c-3']) {
      const { id } = await createOrder(api, customer);
      const { version } = await addItem(api, id, { productId: 'p-1', quantity: 2, unitPrice: 5 });
      await readOrder(api, id, version);
      orderIds.push(id);
    }
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await api?.close();
    await broker.remove();
  });

  describe('tenants', () => {
    const schemaTenant = `cli-schema-${suffix}`;
    const sharedTenant = `cli-shared-${suffix}`;

    it('creates tenants in a tier, refuses a taken id, suspends and lists them', async () => {
      const created = await json<{ id: string; isolation: string; schema: string }>(
        'tenants',
        'create',
        schemaTenant,
        '--tier',
        'schema',
        '--name',
        'CLI schema tenant',
      );
      expect(created).toMatchObject({ id: schemaTenant, isolation: 'schema', status: 'active' });
      const { rows } = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        created.schema,
      ]);
      expect(rows).toHaveLength(1);

      const shared = await cli('tenants', 'create', sharedTenant);
      expect(shared.code).toBe(0);
      expect(shared.stdout).toContain(`Tenant "${sharedTenant}" created (shared)`);
      const again = await cli('tenants', 'create', sharedTenant);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('TENANT_ALREADY_EXISTS');

      expect(await json('tenants', 'suspend', sharedTenant)).toMatchObject({ status: 'suspended' });
      const listed = await json<{ id: string; status: string; isolation: string }[]>(
        'tenants',
        'list',
      );
      expect(listed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'acme', status: 'active' }),
          expect.objectContaining({ id: schemaTenant, isolation: 'schema', status: 'active' }),
          expect.objectContaining({ id: sharedTenant, status: 'suspended' }),
        ]),
      );
      const table = await cli('tenants', 'list', '--status', 'suspended');
      expect(table.stdout).toContain(sharedTenant);
      expect(table.stdout).not.toContain(schemaTenant);
    });

    it('ends unknown tenants with 3 and bad input with 2', async () => {
      expect((await cli('tenants', 'suspend', `nobody-${suffix}`)).code).toBe(3);
      expect((await cli('tenants', 'create', 'x', '--tier', 'galaxy')).code).toBe(2);
      expect((await cli('tenants', 'create', 'Not A Valid Id')).code).toBe(2);
    });

    it("migrates the shared tables and every tenant's own schema, idempotently", async () => {
      type Step = { target: string; tenantId?: string; migration: string; outcome: string };
      const first = await json<Step[]>('migrate');
      expect(first).toEqual(
        expect.arrayContaining([
          { target: 'shared', migration: 'event store', outcome: 'at start-up' },
          { target: 'shared', migration: 'audit trail', outcome: 'at start-up' },
          expect.objectContaining({
            tenantId: schemaTenant,
            migration: 'event store',
            outcome: 'done',
          }),
          expect.objectContaining({ tenantId: schemaTenant, outcome: 'done' }),
        ]),
      );
      const again = await cli('migrate');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(schemaTenant);
      const { rows } = await db.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [`tenant_${schemaTenant.replaceAll('-', '_')}`],
      );
      expect(rows.length).toBeGreaterThan(0);
    });
  });

  describe('projections', () => {
    it('lists the projections and their generations', async () => {
      const listed = await json<{ name: string; target: string; activeGeneration: number }[]>(
        'projections',
        'list',
      );
      expect(listed).toContainEqual(
        expect.objectContaining({ name: PROJECTION, target: 'shared', activeGeneration: 1 }),
      );
      const table = await cli('projections', 'list');
      expect(table.stdout).toMatch(/order-summary.*1 \(v1\)/);
    });

    it('shows the status of a projection, partition by partition', async () => {
      const result = await cli('projections', 'status', PROJECTION);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${PROJECTION} on shared (code v1): active generation 1`);
      expect(result.stdout).toContain('projection:order-summary:g1');
      expect((await cli('projections', 'status', 'nope')).code).toBe(3);
    });

    it('rebuilds with progress lines, then with a JSON result, and reads keep working', async () => {
      const rebuilt = await cli('projections', 'rebuild', PROJECTION);
      expect(rebuilt).toMatchObject({ code: 0 });
      expect(rebuilt.stdout).toMatch(/^rebuild order-summary: \d+\/\d+ events \(\d+%\)$/m);
      expect(rebuilt.stdout).toMatch(/rebuild order-summary: (\d+)\/\1 events \(100%\)/);
      expect(rebuilt.stdout).toContain('generation 2 serves queries');

      const result = await cli('projections', 'rebuild', PROJECTION, '--json');
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(parsed).toMatchObject({
        projection: PROJECTION,
        target: 'shared',
        mode: 'generation',
        activeGeneration: 3,
      });
      expect(parsed.processed).toBe(parsed.total);

      const order = await readOrder(api, orderIds[0]);
      expect(order).toMatchObject({ id: orderIds[0], itemCount: 2, total: 10 });
      expect((await cli('projections', 'rebuild', 'nope')).code).toBe(3);
    });
  });

  describe('processors', () => {
    type Row = { name: string; target: string; kind: string; suspended: boolean };
    const active = () => `projection:${PROJECTION}:g3`;

    it('lists the projection and outbox processors', async () => {
      const rows = await json<Row[]>('processors', 'list');
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: active(), kind: 'projection', suspended: false }),
          expect.objectContaining({ name: 'outbox:orders-integration', kind: 'outbox' }),
        ]),
      );
    });

    it('pauses (durably) and resumes a processor; resets it only while paused', async () => {
      const refused = await cli('processors', 'reset', active(), '--to', 'start');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is not suspended');

      expect((await cli('processors', 'pause', active())).code).toBe(0);
      const paused = await json<Row[]>('processors', 'list');
      expect(paused.find(({ name }) => name === active())).toMatchObject({ suspended: true });

      const reset = await json('processors', 'reset', active(), '--to', 'start');
      expect(reset).toMatchObject({ name: active(), checkpoint: 'start' });

      expect((await cli('processors', 'resume', active())).code).toBe(0);
      const resumed = await json<Row[]>('processors', 'list');
      expect(resumed.find(({ name }) => name === active())).toMatchObject({ suspended: false });
      // Replayed from the log start after the reset: the read model is the same.
      const order = await readOrder(api, orderIds[1]);
      expect(order).toMatchObject({ id: orderIds[1], total: 10 });
    });

    it('ends unknown processors with 3 and a bad checkpoint with 2', async () => {
      expect((await cli('processors', 'pause', 'projection:nope:g1')).code).toBe(3);
      expect((await cli('processors', 'reset', active(), '--to', 'soon')).code).toBe(2);
    });
  });

  describe('parked events', () => {
    /** Makes the read model refuse the documents of `customerId`, so the projection parks them. */
    async function refuse(customerId: string): Promise<() => Promise<void>> {
      const constraint = `cli_refuse_${randomBytes(4).toString('hex')}`;
      await db.query(
        `ALTER TABLE read_model_documents ADD CONSTRAINT ${constraint}
           CHECK (document->>'customerId' IS DISTINCT FROM '${customerId}') NOT VALID`,
      );
      return async () => {
        await db.query(`ALTER TABLE read_model_documents DROP CONSTRAINT ${constraint}`);
      };
    }

    async function parkOrder(customerId: string): Promise<{ orderId: string; eventId: string }> {
      const allow = await refuse(customerId);
      const { id } = await createOrder(api, customerId);
      const parked = await pollUntil(
        serverParked,
        (list) => list.some((event) => event.streamId === id),
        30_000,
      );
      await allow();
      return { orderId: id, eventId: parked.find((event) => event.streamId === id)!.eventId };
    }

    it('lists a parked event, then retries it once the cause is fixed', async () => {
      const { orderId, eventId } = await parkOrder(`poison-${suffix}`);
      const listed = await json<(ParkedEvent & { target: string })[]>('parked', 'list');
      const entry = listed.find((event) => event.eventId === eventId);
      expect(entry).toMatchObject({ streamId: orderId, type: 'order.created', target: 'shared' });
      const table = await cli('parked', 'list', '--processor', entry!.processorName);
      expect(table.stdout).toContain(eventId);

      const retried = await cli('parked', 'retry', eventId, '--processor', entry!.processorName);
      expect(retried).toMatchObject({ code: 0 });
      expect(await readOrder(api, orderId)).toMatchObject({ id: orderId, status: 'pending' });
      expect((await serverParked()).map((event) => event.eventId)).not.toContain(eventId);
    });

    it('skips a parked event', async () => {
      const { eventId } = await parkOrder(`poison-2-${suffix}`);
      const [{ processorName }] = (await serverParked()).filter((e) => e.eventId === eventId);
      const skipped = await json('parked', 'skip', eventId, '--processor', processorName);
      expect(skipped).toMatchObject({ eventId, outcome: 'skipped' });
      expect(await json('parked', 'list', '--processor', processorName)).toEqual([]);
    });

    it('ends an unknown parked event with 3 and a missing --processor with 2', async () => {
      const name = `projection:${PROJECTION}:g3`;
      expect((await cli('parked', 'retry', 'no-such-event', '--processor', name)).code).toBe(3);
      expect((await cli('parked', 'skip', 'no-such-event')).code).toBe(2);
    });
  });

  describe('events', () => {
    it("replays a stream's events in order, with progress lines or as JSON", async () => {
      const [orderId] = orderIds;
      const shown = await cli('events', 'replay', '--stream', orderId);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`replay ${orderId}: 2/2 events (100%)`);
      expect(shown.stdout).toMatch(/order\.created[\s\S]*order\.item-added/);

      const replayed = await json<{ events: { type: string; streamVersion: number }[] }>(
        'events',
        'replay',
        '--stream',
        orderId,
      );
      expect(replayed.events.map(({ type, streamVersion }) => [streamVersion, type])).toEqual([
        [1, 'order.created'],
        [2, 'order.item-added'],
      ]);
      expect((await cli('events', 'replay', '--stream', `order-nope-${suffix}`)).code).toBe(3);
    });
  });

  describe('outbox', () => {
    it('shows the publishers with their lag', async () => {
      const status = await json<{ name: string; target: string; parked: number }[]>(
        'outbox',
        'status',
      );
      expect(status).toContainEqual(
        expect.objectContaining({ name: 'orders-integration', target: 'shared', parked: 0 }),
      );
      expect((await cli('outbox', 'status')).stdout).toContain('outbox:orders-integration');
    });
  });

  describe('as a process', () => {
    it('runs the built entry (`npm run cli`) and exits with the exit code', async () => {
      await ensureLibsBuilt(['apps/reference/tsconfig.app.json']);
      const entry = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
      const env = { ...process.env, MONGO_URL: '', ORDER_FULFILMENT: 'off', ...broker.env };
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [entry, 'processors', 'list', '--json'],
        { env },
      );
      expect(JSON.parse(stdout)).toContainEqual(
        expect.objectContaining({ name: `projection:${PROJECTION}:g3`, target: 'shared' }),
      );
      const unknown = await promisify(execFile)(process.execPath, [entry, 'frobnicate'], {
        env,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(unknown).toMatchObject({ code: 2 });
      expect((unknown as { stderr: string }).stderr).toContain("unknown command 'frobnicate'");
    }, 240_000);
  });

  describe('audit', () => {
    it('verifies a sound chain (0), then finds an edit made behind the app (1)', async () => {
      const sound = await json<{ valid: boolean; checked: number }>(
        'audit',
        'verify',
        '--tenant',
        'acme',
      );
      expect(sound).toMatchObject({ valid: true });
      expect(sound.checked).toBeGreaterThan(0);

      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      await db.query(
        `UPDATE audit_log SET actor_id = 'mallory'
          WHERE id = (SELECT id FROM audit_log WHERE tenant_key = 'acme' ORDER BY sequence LIMIT 1)`,
      );
      await db.query('COMMIT');
      const broken = await cli('audit', 'verify', '--tenant', 'acme');
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain('is BROKEN at sequence 1 (hash-mismatch)');
      const asJson = await cli('audit', 'verify', '--tenant', 'acme', '--json');
      expect(asJson.code).toBe(1);
      expect(JSON.parse(asJson.stdout)).toMatchObject({ valid: false, sequence: 1 });
    });
  });
});
