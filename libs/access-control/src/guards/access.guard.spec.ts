import {
  type ForbiddenError,
  isForbiddenError,
  isUnauthenticatedError,
  type Principal,
  runInContext,
} from '@cqrs-ddd/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import {
  accessTestingModule,
  principal,
  RecordingOrderLoader,
  type RecordingDenials,
} from '../enforcement/access-control-test.fixture.js';
import { AccessGuard } from './access.guard.js';
import type { GuardedCall } from './guarded-call.js';
import { Policy } from './policy.decorator.js';
import { RequirePermissions } from './require-permissions.decorator.js';

/** The order id, wherever the transport carries it. */
function orderIdOf({ transport, request, args, data }: GuardedCall): string {
  if (transport === 'http') return (request as { params: { id: string } }).params.id;
  if (transport === 'graphql') return args!.orderId as string;
  return (data as { orderId: string }).orderId;
}

@RequirePermissions('order:read')
class OrdersEndpoint {
  list(): void {}
  @RequirePermissions('order:create', 'order:read')
  create(): void {}
  @Policy('order:confirm', (call) => ({ type: 'Order', id: orderIdOf(call) }))
  confirm(): void {}
}

class OpenEndpoint {
  ping(): void {}
}

type Transport = 'http' | 'graphql' | 'ws' | 'rpc';

/** An execution context of `transport` calling `handler`, carrying order `orderId`. */
function callTo(
  target: typeof OrdersEndpoint | typeof OpenEndpoint,
  handler: string,
  transport: Transport = 'http',
  orderId = 'small',
): ExecutionContext {
  const request = { params: { id: orderId }, headers: {} };
  const payload = { orderId };
  const args: unknown[] =
    transport === 'http'
      ? [request, {}, () => undefined]
      : transport === 'graphql'
        ? [{}, { orderId }, { req: request }, {}]
        : [payload, {}];
  return {
    getType: () => transport,
    getClass: () => target,
    getHandler: () => (target.prototype as unknown as Record<string, () => void>)[handler]!,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => request }),
    switchToWs: () => ({ getData: () => payload }),
    switchToRpc: () => ({ getData: () => payload }),
  } as unknown as ExecutionContext;
}

const reader = principal('rita', ['order:reader'], { region: 'eu' });
const writer = principal('wes', ['order:writer'], { region: 'eu' });
const approver = principal('ann', ['order:approver'], { approvalLimit: 1000, region: 'eu' });

describe('AccessGuard', () => {
  let moduleRef: TestingModule;
  let guard: AccessGuard;
  let loader: RecordingOrderLoader;
  let denials: RecordingDenials;

  beforeAll(async () => {
    const app = await accessTestingModule([RecordingOrderLoader]);
    moduleRef = app.moduleRef;
    denials = app.denials;
    guard = moduleRef.get(AccessGuard);
    loader = moduleRef.get(RecordingOrderLoader);
  });
  afterAll(() => moduleRef.close());

  const check = (caller: Principal | undefined, context: ExecutionContext) =>
    runInContext({ principal: caller }, () => guard.canActivate(context));
  const refusal = (work: Promise<unknown>) =>
    work.then(
      () => new Error('expected a refusal'),
      (error: unknown) => error as Error,
    );

  it('lets calls to handlers without requirements through, even anonymous ones', async () => {
    await expect(check(undefined, callTo(OpenEndpoint, 'ping'))).resolves.toBe(true);
  });

  it('requires the class-level permission; conditions on resources do not deny a list', async () => {
    await expect(check(reader, callTo(OrdersEndpoint, 'list'))).resolves.toBe(true);
    const stranger = principal('sam', []);
    const error = (await refusal(
      check(stranger, callTo(OrdersEndpoint, 'list')),
    )) as ForbiddenError;
    expect(isForbiddenError(error)).toBe(true);
    expect(error.action).toBe('order:read');
  });

  it('refuses callers without a principal with UnauthenticatedError', async () => {
    const error = await refusal(check(undefined, callTo(OrdersEndpoint, 'list')));
    expect(isUnauthenticatedError(error)).toBe(true);
  });

  it('requires all permissions of the class and the method', async () => {
    await expect(check(writer, callTo(OrdersEndpoint, 'create'))).resolves.toBe(true);
    const error = (await refusal(
      check(reader, callTo(OrdersEndpoint, 'create')),
    )) as ForbiddenError;
    expect(isForbiddenError(error)).toBe(true);
    expect(error.reason).toBe('missing permission order:create');
    expect(denials.denials.at(-1)?.request.principal).toBe(reader);
  });

  it.each<Transport>(['http', 'graphql', 'ws', 'rpc'])(
    'checks @Policy on the resource the %s call names, loading its attributes',
    async (transport) => {
      loader.loaded.length = 0;
      await expect(check(approver, callTo(OrdersEndpoint, 'confirm', transport))).resolves.toBe(
        true,
      );
      const error = (await refusal(
        check(approver, callTo(OrdersEndpoint, 'confirm', transport, 'large')),
      )) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.reason).toBe('approvers may confirm orders up to their approval limit only');
      expect(loader.loaded).toEqual(['small', 'large']);
    },
  );

  it('does not load the resource when RBAC already denies', async () => {
    loader.loaded.length = 0;
    const error = await refusal(check(writer, callTo(OrdersEndpoint, 'confirm', 'http')));
    expect(isForbiddenError(error)).toBe(true);
    expect(loader.loaded).toEqual([]);
  });
});

describe('@RequirePermissions and @Policy', () => {
  it.each([
    ['@RequirePermissions()', () => RequirePermissions('order:read', 'order:*')],
    ['@Policy()', () => Policy('*')],
  ])('%s reject permission patterns where a concrete action is needed', (owner, declare) => {
    let error: unknown;
    try {
      declare();
    } catch (caught) {
      error = caught;
    }
    expect(isAccessControlConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(owner);
  });
});
