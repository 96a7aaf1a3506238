import {
  type ForbiddenError,
  isForbiddenError,
  isNotFoundError,
  isUnauthenticatedError,
  type PipelineContext,
  type Principal,
  runInContext,
} from '@cqrs-ddd/core';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import {
  accessTestingModule,
  principal,
  RecordingOrderLoader,
} from './access-control-test.fixture.js';
import { AuthorizationStep } from './authorization.step.js';
import { Authorize } from './authorize.decorator.js';

class ArchiveOrders {
  static readonly type = 'order.archive';
}

@Authorize('order:confirm', {
  resource: (command: ConfirmOrder) => ({ type: 'Order', id: command.orderId }),
})
class ConfirmOrder {
  constructor(readonly orderId: string) {}
}

@Authorize('order:cancel', {
  resource: (command: CancelOrder) => ({ type: 'Order', id: command.orderId }),
})
class CancelOrder {
  constructor(readonly orderId: string) {}
}

@Authorize('order:read', { resource: { type: 'Order' }, filter: true })
class ListOrders {}

@Authorize('order:read', { resource: { type: 'Order' } })
class ExportOrders {}

@Authorize('order:read', {
  resource: (query: PeekOrder) => ({ type: 'Order', attributes: { region: query.region } }),
})
class PeekOrder {
  constructor(readonly region: string) {}
}

const approver = principal('ann', ['order:approver'], { approvalLimit: 1000, region: 'eu' });
const writer = principal('wes', ['order:writer'], { region: 'eu' });

function contextOf(message: object): PipelineContext {
  return {
    kind: 'command',
    message,
    messageType: (message.constructor as { type?: string }).type ?? message.constructor.name,
    messageId: 'm-1',
    correlationId: 'c-1',
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

describe('AuthorizationStep', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function start(options: { defaultDecision?: 'deny' | 'allow'; loader?: boolean } = {}) {
    const app = await accessTestingModule(
      options.loader === false ? [] : [RecordingOrderLoader],
      options.defaultDecision ? { defaultDecision: options.defaultDecision } : {},
    );
    moduleRef = app.moduleRef;
    const step = app.moduleRef.get(AuthorizationStep);
    const loader = options.loader === false ? undefined : app.moduleRef.get(RecordingOrderLoader);
    const next = jest.fn(async () => 'handled');
    const run = (caller: Principal | undefined, message: object, context = contextOf(message)) =>
      runInContext({ principal: caller }, () => step.handle(context, next));
    return { run, next, loader, denials: app.denials };
  }

  async function refusal(work: Promise<unknown>): Promise<Error> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof Error)) throw new Error('expected a refusal');
    return error;
  }

  describe('messages without @Authorize', () => {
    it('are denied by default, naming the message and how to declare it, and reported', async () => {
      const { run, next, denials } = await start();
      const error = (await refusal(run(writer, new ArchiveOrders()))) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.action).toBe('order.archive');
      expect(error.reason).toContain('command ArchiveOrders');
      expect(error.reason).toContain('@Authorize(');
      expect(next).not.toHaveBeenCalled();
      expect(denials.denials).toHaveLength(1);
      expect(denials.denials[0]!.request).toMatchObject({
        action: 'order.archive',
        principal: writer,
      });
    });

    it("run unchecked with defaultDecision 'allow'", async () => {
      const { run, next } = await start({ defaultDecision: 'allow' });
      await expect(run(undefined, new ArchiveOrders())).resolves.toBe('handled');
      expect(next).toHaveBeenCalledTimes(1);
    });
  });

  describe('declared messages', () => {
    it('run when the principal is allowed, without loading a resource no policy needs', async () => {
      const { run, next, loader } = await start();
      await expect(run(writer, new CancelOrder('large'))).resolves.toBe('handled');
      expect(next).toHaveBeenCalledTimes(1);
      expect(loader!.loaded).toEqual([]);
    });

    it('are denied without the permission, without loading the resource', async () => {
      const { run, next, loader, denials } = await start();
      const error = (await refusal(run(writer, new ConfirmOrder('small')))) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.reason).toBe('missing permission order:confirm');
      expect(next).not.toHaveBeenCalled();
      expect(loader!.loaded).toEqual([]);
      expect(denials.denials.map((d) => d.request.action)).toEqual(['order:confirm']);
    });

    it("leave the audit target (action, resource named by id) in the context's metadata", async () => {
      const { run } = await start();
      const cancel = contextOf(new CancelOrder('large'));
      await run(writer, cancel.message, cancel);
      expect(cancel.metadata.auditTarget).toEqual({
        action: 'order:cancel',
        resource: { type: 'Order', id: 'large' },
      });
      const reader = principal('rita', ['order:reader'], { region: 'eu' });
      const list = contextOf(new ListOrders());
      await run(reader, list.message, list);
      expect(list.metadata.auditTarget).toEqual({ action: 'order:read' });
    });

    it('are refused with UnauthenticatedError when the context has no principal', async () => {
      const { run, next } = await start();
      expect(isUnauthenticatedError(await refusal(run(undefined, new CancelOrder('small'))))).toBe(
        true,
      );
      expect(next).not.toHaveBeenCalled();
    });

    it('load the resource when a policy has a condition on it, and check it', async () => {
      const { run, next, loader, denials } = await start();
      await expect(run(approver, new ConfirmOrder('small'))).resolves.toBe('handled');
      expect(loader!.loaded).toEqual(['small']);

      const error = (await refusal(run(approver, new ConfirmOrder('large')))) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.reason).toBe('approvers may confirm orders up to their approval limit only');
      expect(loader!.loaded).toEqual(['small', 'large']);
      expect(next).toHaveBeenCalledTimes(1);
      expect(denials.denials[0]!.request.resource).toMatchObject({
        type: 'Order',
        id: 'large',
        attributes: { total: 5000 },
      });
    });

    it('answer NotFoundError when the loader finds no such resource', async () => {
      const { run, next } = await start();
      expect(isNotFoundError(await refusal(run(approver, new ConfirmOrder('ghost'))))).toBe(true);
      expect(next).not.toHaveBeenCalled();
    });

    it('are denied (fail closed) when the resource is needed and no loader is registered', async () => {
      const { run, next, denials } = await start({ loader: false });
      const error = (await refusal(run(approver, new ConfirmOrder('small')))) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.reason).toContain("@ResourceLoader('Order')");
      expect(next).not.toHaveBeenCalled();
      expect(denials.denials).toHaveLength(1);
    });

    it('check conditions against attributes the message gives, without a loader', async () => {
      const { run, next, loader } = await start();
      const reader = principal('rita', ['order:reader'], { region: 'eu' });
      await expect(run(reader, new PeekOrder('eu'))).resolves.toBe('handled');
      expect(isForbiddenError(await refusal(run(reader, new PeekOrder('us'))))).toBe(true);
      expect(next).toHaveBeenCalledTimes(1);
      expect(loader!.loaded).toEqual([]);
    });

    it('let list queries declared with filter: true through, leaving conditions to push-down', async () => {
      const { run, next, denials } = await start();
      const reader = principal('rita', ['order:reader'], { region: 'eu' });
      await expect(run(reader, new ListOrders())).resolves.toBe('handled');
      expect(next).toHaveBeenCalledTimes(1);

      const error = (await refusal(run(reader, new ExportOrders()))) as ForbiddenError;
      expect(isForbiddenError(error)).toBe(true);
      expect(error.reason).toContain('conditions on Order');
      expect(denials.denials).toHaveLength(1);
    });
  });
});
