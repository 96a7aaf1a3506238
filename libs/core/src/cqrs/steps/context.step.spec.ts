import { describe, expect, it } from '@jest/globals';
import { SequentialIdGenerator } from '../../adapters/memory/sequential-id-generator.adapter.js';
import { currentRequestContext, runInContext } from '../../context/request-context-scope.js';
import type { RequestContextState } from '../../context/request-context-state.js';
import type { PipelineContext } from '../pipeline-context.js';
import { ContextStep } from './context.step.js';

function pipelineContext(): PipelineContext {
  return {
    kind: 'command',
    message: {},
    messageType: 'Test',
    messageId: undefined,
    correlationId: undefined,
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

const id = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

describe('ContextStep', () => {
  it('starts a root context: new message id, which is also the correlation id, no cause', async () => {
    const step = new ContextStep(new SequentialIdGenerator());
    const context = pipelineContext();
    let inside: RequestContextState | undefined;
    await step.handle(context, async () => (inside = currentRequestContext()));
    expect(context).toMatchObject({
      messageId: id(1),
      correlationId: id(1),
      causationId: undefined,
    });
    expect(inside).toMatchObject({ messageId: id(1), correlationId: id(1) });
    expect(currentRequestContext()).toBeUndefined();
  });

  it('inside a context, keeps its correlation, tenant and principal and names its message as cause', async () => {
    const step = new ContextStep(new SequentialIdGenerator(10));
    const parent: RequestContextState = {
      correlationId: 'corr-1',
      messageId: 'parent-message',
      tenantId: 't-1',
      principal: { id: 'u-1', roles: [], authMethod: 'jwt' },
    };
    const context = pipelineContext();
    const inside = await runInContext(parent, () =>
      step.handle(context, async () => currentRequestContext()),
    );
    expect(inside).toEqual({ ...parent, messageId: id(10), causationId: 'parent-message' });
    expect(context).toMatchObject({ correlationId: 'corr-1', causationId: 'parent-message' });
  });

  it('chains nested executions and restores the outer context afterwards', async () => {
    const step = new ContextStep(new SequentialIdGenerator());
    const seen: Array<RequestContextState | undefined> = [];
    await step.handle(pipelineContext(), async () => {
      await step.handle(pipelineContext(), async () => seen.push(currentRequestContext()));
      seen.push(currentRequestContext());
    });
    expect(seen[0]).toMatchObject({ messageId: id(2), correlationId: id(1), causationId: id(1) });
    expect(seen[1]).toMatchObject({ messageId: id(1), correlationId: id(1) });
  });

  it('keeps concurrent executions apart', async () => {
    const step = new ContextStep(new SequentialIdGenerator());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = () =>
      step.handle(pipelineContext(), async () => {
        await gate;
        return currentRequestContext()?.messageId;
      });
    const both = Promise.all([run(), run()]);
    release();
    expect(await both).toEqual([id(1), id(2)]);
  });
});
