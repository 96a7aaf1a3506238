import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventMetadataFromContext, runInContext } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { isSagaNotFoundError } from '../errors/saga-not-found.error.js';
import { isSagaStateError } from '../errors/saga-state.error.js';
import { bootSagaApp, type SagaApp, SHOP_SAGA } from './saga-app.fixture.js';
import { PaymentCaptured } from './saga-shop.fixture.js';
import type { SagaInstance, SagaStatus } from './saga-instance.js';
import { sagaTimeoutKey } from './saga-timeout.command.js';

const PAYMENT_TIMEOUT_MS = 1_500;

describe('sagas on PostgreSQL (SagasModule, real pipeline and scheduler)', () => {
  const schema = uniqueName('saga');
  let app: SagaApp;

  beforeAll(async () => {
    app = await bootSagaApp(schema, PAYMENT_TIMEOUT_MS);
  }, 60_000);
  afterAll(async () => {
    await app?.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await app?.close();
  });

  const settled = (orderId: string, status: SagaStatus): Promise<SagaInstance | undefined> =>
    pollUntil(
      () => app.instance(orderId),
      (instance) => instance?.status === status,
      15_000,
    );
  const executionsOf = (orderId: string) =>
    app.ledger.executions.filter((execution) => execution.orderId === orderId);

  it('runs the steps in order, once each, as the saga principal in the tenant of the start', async () => {
    await app.placeOrder('o-happy', 'ok', 'tenant-a', 'corr-happy');
    const instance = await settled('o-happy', 'completed');
    expect(instance).toMatchObject({
      tenantId: 'tenant-a',
      completedSteps: ['reserve-stock', 'capture-payment', 'confirm'],
      state: { orderId: 'o-happy', mode: 'ok', reservationId: 'r-o-happy' },
      correlationId: 'corr-happy',
    });
    expect(await app.effects('o-happy')).toEqual([
      'shop.stock-reserved',
      'shop.payment-captured',
      'shop.order-confirmed',
    ]);

    const { commands } = await app.admin.get(SHOP_SAGA, 'o-happy');
    expect(commands.map((c) => [c.kind, c.step, c.commandType, c.status])).toEqual([
      ['step', 'reserve-stock', 'shop.reserve-stock', 'dispatched'],
      ['step', 'capture-payment', 'shop.capture-payment', 'dispatched'],
      ['step', 'confirm', 'shop.confirm-order', 'dispatched'],
    ]);
    const executions = executionsOf('o-happy');
    expect(executions.map((e) => e.type)).toEqual(commands.map((c) => c.commandType));
    executions.forEach(({ context }, i) => {
      expect(context).toMatchObject({
        tenantId: 'tenant-a',
        correlationId: 'corr-happy',
        // The pipeline gives the command its own id; the saga's row is its cause.
        causationId: commands[i]!.id,
        principal: {
          id: `saga:${SHOP_SAGA}`,
          tenantId: 'tenant-a',
          roles: ['shop:system'],
          authMethod: 'system',
        },
      });
    });
    // Each command after the first was caused by the event completing the previous step.
    const effects: { eventId: string; causationId?: unknown }[] = [];
    for await (const event of app.eventStore.readStream('effects-o-happy')) {
      effects.push({ eventId: event.eventId, causationId: event.metadata.causationId });
    }
    expect(commands[1]!.causationId).toBe(effects[0]!.eventId);
    expect(commands[2]!.causationId).toBe(effects[1]!.eventId);

    // The payment step's timeout was cancelled when the payment was captured.
    const [timeout] = await app.em
      .getConnection()
      .execute<{ status: string }[]>(
        `SELECT status FROM "${schema}".scheduled_commands WHERE key = ? AND tenant_key = ?`,
        [sagaTimeoutKey(SHOP_SAGA, 'o-happy', 'capture-payment'), 'tenant-a'],
      );
    expect(timeout?.status).toBe('cancelled');

    // The class-form saga (@Saga provider) followed the same order.
    const watch = await pollUntil(
      () => app.engine.runtime.instances.find('confirmation-watch', 'o-happy'),
      (instance) => instance?.status === 'completed',
      10_000,
    );
    expect(watch?.tenantId).toBe('tenant-a');
    expect(app.sagas.names()).toEqual([SHOP_SAGA, 'confirmation-watch']);
  });

  it('ignores a second start event for an existing instance', async () => {
    await app.placeOrder('o-twice', 'ok', 'tenant-a');
    await settled('o-twice', 'completed');
    await app.placeOrder('o-twice', 'ok', 'tenant-a');
    const position = await app.eventStore.headPosition();
    await app.engine.handle(SHOP_SAGA)!.waitUntilProcessed(position!, { timeoutMs: 10_000 });
    expect(executionsOf('o-twice').map((e) => e.type)).toEqual([
      'shop.reserve-stock',
      'shop.capture-payment',
      'shop.confirm-order',
    ]);
    expect((await app.instance('o-twice'))?.version).toBeGreaterThan(1);
  });

  it('compensates the completed steps in reverse order when a step command fails', async () => {
    await app.placeOrder('o-locked', 'confirm-fails', 'tenant-b');
    const instance = await settled('o-locked', 'compensated');
    expect(instance?.reason).toMatch(
      /shop\.confirm-order of step "confirm" failed: .*order locked/,
    );
    expect(await app.effects('o-locked')).toEqual([
      'shop.stock-reserved',
      'shop.payment-captured',
      'shop.payment-refunded',
      'shop.stock-released',
      'shop.order-cancelled',
    ]);
    const { commands } = await app.admin.get(SHOP_SAGA, 'o-locked');
    expect(commands.map((c) => [c.kind, c.commandType, c.status])).toEqual([
      ['step', 'shop.reserve-stock', 'dispatched'],
      ['step', 'shop.capture-payment', 'dispatched'],
      ['step', 'shop.confirm-order', 'failed'],
      ['compensation', 'shop.refund-payment', 'dispatched'],
      ['compensation', 'shop.release-stock', 'dispatched'],
      ['compensation', 'shop.cancel-order', 'dispatched'],
    ]);
    expect(commands[2]!.error).toMatch(/order locked/);
    for (const { context } of executionsOf('o-locked')) expect(context?.tenantId).toBe('tenant-b');
  });

  it('compensates when a failing event (failedBy) ends a step', async () => {
    await app.placeOrder('o-declined', 'decline', 'tenant-a');
    const instance = await settled('o-declined', 'compensated');
    expect(instance?.reason).toBe('step "capture-payment" failed: shop.payment-declined');
    expect(await app.effects('o-declined')).toEqual([
      'shop.stock-reserved',
      'shop.payment-declined',
      'shop.stock-released',
      'shop.order-cancelled',
    ]);
  });

  it('fires a step timeout through the scheduler and compensates', async () => {
    const started = Date.now();
    await app.placeOrder('o-silent', 'silent', 'tenant-a');
    const instance = await settled('o-silent', 'compensated');
    expect(Date.now() - started).toBeGreaterThanOrEqual(PAYMENT_TIMEOUT_MS);
    expect(instance?.reason).toBe('payment not captured in time');
    expect(await app.effects('o-silent')).toEqual([
      'shop.stock-reserved',
      'shop.stock-released',
      'shop.order-cancelled',
    ]);
    const [timeout] = await app.em
      .getConnection()
      .execute<{ status: string }[]>(
        `SELECT status FROM "${schema}".scheduled_commands WHERE key = ?`,
        [sagaTimeoutKey(SHOP_SAGA, 'o-silent', 'capture-payment')],
      );
    expect(timeout?.status).toBe('done');
  });

  it('undoes a step whose completion arrives after its timeout compensated the instance', async () => {
    await app.placeOrder('o-late', 'silent', 'tenant-a');
    await settled('o-late', 'compensated');
    // The payment provider answers after all: the captured payment must be refunded.
    await runInContext({ tenantId: 'tenant-a' }, () =>
      app.eventStore.append('late-answers-o-late', [
        {
          type: PaymentCaptured.type,
          version: 1,
          data: { orderId: 'o-late' },
          metadata: eventMetadataFromContext(),
        },
      ]),
    );
    await pollUntil(
      () => app.effects('o-late'),
      (effects) => effects.includes('shop.payment-refunded'),
      15_000,
    );
    const { instance, commands } = await app.admin.get(SHOP_SAGA, 'o-late');
    expect(instance.completedSteps).toEqual(['reserve-stock', 'capture-payment']);
    expect(commands.map((c) => [c.commandType, c.status])).toEqual([
      ['shop.reserve-stock', 'dispatched'],
      ['shop.capture-payment', 'dispatched'],
      ['shop.release-stock', 'dispatched'],
      ['shop.cancel-order', 'dispatched'],
      ['shop.refund-payment', 'dispatched'],
    ]);
    expect((await settled('o-late', 'compensated'))?.status).toBe('compensated');
    // Each effect once: the late step is undone after the compensation already sent.
    expect(await app.effects('o-late')).toEqual([
      'shop.stock-reserved',
      'shop.stock-released',
      'shop.order-cancelled',
      'shop.payment-refunded',
    ]);
  });

  it('fails when a compensation command fails; an admin retry finishes the compensation', async () => {
    app.ledger.stuck = true;
    await app.placeOrder('o-stuck', 'release-stuck', 'tenant-a');
    const failed = await settled('o-stuck', 'failed');
    expect(failed?.reason).toMatch(
      /compensation command shop\.release-stock failed: .*warehouse offline/,
    );
    const before = await app.admin.get(SHOP_SAGA, 'o-stuck');
    expect(before.commands.map((c) => [c.commandType, c.status])).toEqual([
      ['shop.reserve-stock', 'dispatched'],
      ['shop.capture-payment', 'failed'],
      ['shop.release-stock', 'failed'],
      ['shop.cancel-order', 'cancelled'],
    ]);
    expect(await app.effects('o-stuck')).toEqual(['shop.stock-reserved']);

    app.ledger.stuck = false;
    const retried = await app.admin.retry(SHOP_SAGA, 'o-stuck');
    expect(retried.instance.status).toBe('compensating');
    await settled('o-stuck', 'compensated');
    expect(await app.effects('o-stuck')).toEqual([
      'shop.stock-reserved',
      'shop.stock-released',
      'shop.order-cancelled',
    ]);
    const error = await app.admin.retry(SHOP_SAGA, 'o-stuck').catch((e: unknown) => e);
    expect(isSagaStateError(error)).toBe(true);
  });

  it('lists instances by saga and status, pages them, and forces a compensation', async () => {
    await app.placeOrder('o-forced', 'silent', 'tenant-a');
    await pollUntil(
      () => app.instance('o-forced'),
      (instance) => instance?.step === 'capture-payment',
      10_000,
    );
    const forced = await app.admin.compensate(SHOP_SAGA, 'o-forced', ' customer asked ');
    expect(forced.instance).toMatchObject({ status: 'compensating', reason: 'customer asked' });
    await settled('o-forced', 'compensated');
    expect(await app.effects('o-forced')).toEqual([
      'shop.stock-reserved',
      'shop.stock-released',
      'shop.order-cancelled',
    ]);

    const completed = await app.admin.list({ name: SHOP_SAGA, status: 'completed' });
    expect(
      (await app.admin.list({ status: 'running' })).items.every(
        (i) => i.sagaName === 'confirmation-watch',
      ),
    ).toBe(true);
    expect(completed.items.map((i) => i.sagaId)).toEqual(['o-happy', 'o-twice']);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await app.admin.list({ status: 'compensated', limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((i) => i.sagaId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(['o-declined', 'o-forced', 'o-late', 'o-locked', 'o-silent', 'o-stuck']);

    const again = await app.admin
      .compensate(SHOP_SAGA, 'o-happy', 'too late')
      .catch((e: unknown) => e);
    expect(isSagaStateError(again)).toBe(true);
    const missing = await app.admin.get(SHOP_SAGA, 'o-nope').catch((e: unknown) => e);
    expect(isSagaNotFoundError(missing)).toBe(true);
  });
});
