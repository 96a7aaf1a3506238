import {
  isForbiddenError,
  isUnauthenticatedError,
  logPosition,
  type Principal,
  type ReadModelCollection,
  type ReadModelStore,
  runInContext,
  where,
} from '@cqrs-ddd/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import {
  ORDER_ACCESS,
  principal,
  RecordingDenials,
} from '../enforcement/access-control-test.fixture.js';
import { AccessControlSettings } from '../module/access-control.settings.js';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import { AccessScope } from './access-scope.service.js';

/** A row of the `OrderSummary`-like read model of the scenario. */
interface OrderRow {
  readonly id: string;
  readonly region: string;
  readonly status: string;
  readonly total: number;
}

const ROWS: OrderRow[] = [
  { id: 'o1', region: 'eu', status: 'confirmed', total: 10 },
  { id: 'o2', region: 'us', status: 'confirmed', total: 20 },
  { id: 'o3', region: 'eu', status: 'pending', total: 30 },
  { id: 'o4', region: 'apac', status: 'pending', total: 40 },
  { id: 'o5', region: 'eu', status: 'confirmed', total: 50 },
  { id: 'o6', region: 'us', status: 'cancelled', total: 60 },
];
const ALL_IDS = ROWS.map((row) => row.id);
/** Another tenant's row in the same collection: never visible to `acme`'s principals. */
const FOREIGN_ROW: OrderRow = { id: 'x1', region: 'eu', status: 'confirmed', total: 1 };

/** A read store on a fresh database or schema, and how to drop it. */
export interface PushDownSubject {
  readonly store: ReadModelStore;
  dispose(): Promise<void>;
}

/**
 * The push-down scenario on the read store `open()` gives: a principal limited by the ABAC
 * rule "readers see their region" lists, pages and counts only its region's rows; an
 * unrestricted auditor sees everything; a principal without `order:read` and an anonymous
 * caller are refused.
 */
export function describeAccessScopePushDown(
  name: string,
  open: () => Promise<PushDownSubject>,
): void {
  describe(`AccessScope push-down on ${name}`, () => {
    let subject: PushDownSubject | undefined;
    let orders: ReadModelCollection<OrderRow>;
    const denials = new RecordingDenials();
    const scope = new AccessScope(
      new PolicyEnforcementPoint(
        AccessControlSettings.from(ORDER_ACCESS),
        new AccessDeniedNotifier([denials]),
      ),
    );

    beforeAll(async () => {
      subject = await open();
      orders = subject.store.collection<OrderRow>('access_orders', { tenantId: 'acme' });
      for (const [index, row] of ROWS.entries()) {
        await orders.upsert(row, { position: logPosition(1, index + 1) });
      }
      await subject.store
        .collection<OrderRow>('access_orders', { tenantId: 'globex' })
        .upsert(FOREIGN_ROW, { position: logPosition(1, 99) });
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    const as = <T>(caller: Principal | undefined, work: () => Promise<T>) =>
      runInContext({ principal: caller, tenantId: 'acme' }, work);
    const eu = principal('rita', ['order:reader'], { region: 'eu' });
    const us = principal('ulf', ['order:reader'], { region: 'us' });
    const auditor = principal('ada', ['order:auditor']);

    async function visibleIds(caller: Principal, filter?: Parameters<AccessScope['restrict']>[0]) {
      return as(caller, async () => {
        const restricted = await scope.restrict(filter, 'order:read', 'Order');
        const page = await orders.find({ filter: restricted });
        return { ids: page.items.map((row) => row.id), count: await orders.count(restricted) };
      });
    }

    it('lists and counts only the rows of the principal region', async () => {
      await expect(visibleIds(eu)).resolves.toEqual({ ids: ['o1', 'o3', 'o5'], count: 3 });
      await expect(visibleIds(us)).resolves.toEqual({ ids: ['o2', 'o6'], count: 2 });
    });

    it("ANDs the caller's own filter with the restriction", async () => {
      const confirmed = where<OrderRow>('status').eq('confirmed');
      await expect(visibleIds(eu, confirmed)).resolves.toEqual({ ids: ['o1', 'o5'], count: 2 });
      const widening = where<OrderRow>('region').in(['us', 'apac']);
      await expect(visibleIds(eu, widening)).resolves.toEqual({ ids: [], count: 0 });
    });

    it('pages through permitted rows only', async () => {
      const ids = await as(eu, async () => {
        const filter = await scope.restrict(undefined, 'order:read', 'Order');
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await orders.find({ filter, limit: 1, cursor });
          seen.push(...page.items.map((row) => row.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined && seen.length < ROWS.length);
        return seen;
      });
      expect(ids).toEqual(['o1', 'o3', 'o5']);
    });

    it('lets an unrestricted principal see every row of its tenant', async () => {
      await expect(visibleIds(auditor)).resolves.toEqual({ ids: ALL_IDS, count: ROWS.length });
      const pending = where<OrderRow>('status').eq('pending');
      await expect(visibleIds(auditor, pending)).resolves.toEqual({
        ids: ['o3', 'o4'],
        count: 2,
      });
    });

    it('refuses a principal without the permission, and reports it', async () => {
      const stranger = principal('sam', []);
      const before = denials.denials.length;
      const error = await visibleIds(stranger).catch((caught: unknown) => caught);
      expect(isForbiddenError(error)).toBe(true);
      expect(denials.denials.slice(before).map((d) => d.request.principal?.id)).toEqual(['sam']);
    });

    it('refuses an anonymous caller', async () => {
      const error = await as(undefined, () =>
        scope.restrict(undefined, 'order:read', 'Order'),
      ).catch((caught: unknown) => caught);
      expect(isUnauthenticatedError(error)).toBe(true);
    });

    it('answers whether one row is permitted', async () => {
      const [o1, o2] = await Promise.all([orders.get('o1'), orders.get('o2')]);
      const check = (caller: Principal, row: OrderRow | undefined) =>
        as(caller, () =>
          scope.permits('order:read', { type: 'Order', id: row!.id, attributes: { ...row } }),
        );
      await expect(check(eu, o1)).resolves.toBe(true);
      await expect(check(eu, o2)).resolves.toBe(false);
      await expect(check(auditor, o2)).resolves.toBe(true);
      await expect(
        as(eu, () => scope.permits('order:read', { type: 'Order', id: 'o1' })),
      ).resolves.toBe(false);
    });
  });
}
