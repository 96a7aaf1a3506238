import { describe, expect, it } from '@jest/globals';
import type { CommandBus } from '@nestjs/cqrs';
import { hasPipeline, installPipeline, uninstallPipeline } from './bus-pipeline.js';
import { withMessageMetadata } from './message-metadata.js';
import type { PipelineContext } from './pipeline-context.js';
import type { PipelineStepDefinition } from './pipeline-step.js';

/** Stands in for a `@nestjs/cqrs` bus: `execute` on the prototype, throwing synchronously. */
class FakeBus {
  readonly executed: Array<{ message: object; asyncContext: unknown }> = [];

  execute(message: object, asyncContext?: unknown): Promise<unknown> {
    if (message instanceof Unknown) throw new Error('No handler found for Unknown');
    this.executed.push({ message, asyncContext });
    return Promise.resolve('handled');
  }
}
class Unknown {}
class Typed {
  static readonly type = 'order.typed';
}
class Untyped {}

function capture(seen: PipelineContext[]): PipelineStepDefinition {
  return {
    name: 'capture',
    order: 1,
    handle: (context, next) => {
      seen.push({ ...context, metadata: { ...context.metadata } });
      return next();
    },
  };
}

const asBus = (bus: FakeBus) => bus as unknown as CommandBus;

describe('installPipeline', () => {
  it('routes execute through the steps to the bus, passing the async context on', async () => {
    const bus = new FakeBus();
    const seen: PipelineContext[] = [];
    installPipeline(asBus(bus), 'command', [capture(seen)]);
    const asyncContext = { id: 'ctx' };
    await expect(asBus(bus).execute(new Typed(), asyncContext as never)).resolves.toBe('handled');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'command', messageType: 'order.typed', attempt: 1 });
    expect(bus.executed[0]!.asyncContext).toBe(asyncContext);
  });

  it('names untyped messages by class and copies attached metadata', async () => {
    const bus = new FakeBus();
    const seen: PipelineContext[] = [];
    installPipeline(asBus(bus), 'query', [capture(seen)]);
    await asBus(bus).execute(withMessageMetadata(new Untyped(), { idempotencyKey: 'k', other: 1 }));
    await asBus(bus).execute(new Untyped());
    expect(seen[0]).toMatchObject({ kind: 'query', messageType: 'Untyped' });
    expect(seen[0]!.metadata).toEqual({ idempotencyKey: 'k', other: 1 });
    expect(seen[1]!.metadata).toEqual({});
  });

  it('never wraps twice: a second install replaces the pipeline', async () => {
    const bus = new FakeBus();
    const first: PipelineContext[] = [];
    const second: PipelineContext[] = [];
    installPipeline(asBus(bus), 'command', [capture(first)]);
    installPipeline(asBus(bus), 'command', [capture(second)]);
    await asBus(bus).execute(new Untyped());
    expect(first).toHaveLength(0);
    expect(second).toHaveLength(1);
    expect(bus.executed).toHaveLength(1);
  });

  it('turns a synchronous look-up error of the bus into a rejection', async () => {
    const bus = new FakeBus();
    installPipeline(asBus(bus), 'command', []);
    const result = asBus(bus).execute(new Unknown());
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toThrow('No handler found for Unknown');
  });

  it('uninstalls back to the bus own execute', async () => {
    const bus = new FakeBus();
    const seen: PipelineContext[] = [];
    installPipeline(asBus(bus), 'command', [capture(seen)]);
    expect(hasPipeline(asBus(bus))).toBe(true);
    uninstallPipeline(asBus(bus));
    uninstallPipeline(asBus(bus));
    expect(hasPipeline(asBus(bus))).toBe(false);
    expect(Object.hasOwn(bus, 'execute')).toBe(false);
    await asBus(bus).execute(new Untyped());
    expect(seen).toHaveLength(0);
  });
});
