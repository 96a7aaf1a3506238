import { describe, expect, it } from '@jest/globals';
import type { PipelineContext } from './pipeline-context.js';
import { composePipeline, sortPipelineSteps } from './pipeline-composer.js';
import type { PipelineStepDefinition } from './pipeline-step.js';

function context(kind: PipelineContext['kind'] = 'command'): PipelineContext {
  return {
    kind,
    message: {},
    messageType: 'Test',
    messageId: undefined,
    correlationId: undefined,
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

function recording(
  log: string[],
  name: string,
  order: number,
  appliesTo?: PipelineStepDefinition['appliesTo'],
) {
  return {
    name,
    order,
    appliesTo,
    handle: async (_context: PipelineContext, next: () => Promise<unknown>) => {
      log.push(`>${name}`);
      const result = await next();
      log.push(`<${name}`);
      return result;
    },
  } satisfies PipelineStepDefinition;
}

describe('sortPipelineSteps', () => {
  it('orders by order, then by name', () => {
    const log: string[] = [];
    const sorted = sortPipelineSteps([
      recording(log, 'b', 200),
      recording(log, 'z', 100),
      recording(log, 'a', 200),
    ]);
    expect(sorted.map((s) => s.name)).toEqual(['z', 'a', 'b']);
  });

  it('rejects duplicate names, missing names and non-finite orders', () => {
    const log: string[] = [];
    expect(() => sortPipelineSteps([recording(log, 'x', 1), recording(log, 'x', 2)])).toThrow(
      /named "x"/,
    );
    expect(() => sortPipelineSteps([recording(log, '', 1)])).toThrow(/needs a name/);
    expect(() => sortPipelineSteps([recording(log, 'y', Number.NaN)])).toThrow(/finite/);
  });
});

describe('composePipeline', () => {
  it('nests steps in the given order around the terminal and returns its result', async () => {
    const log: string[] = [];
    const pipeline = composePipeline(
      [recording(log, 'outer', 1), recording(log, 'inner', 2)],
      'command',
      async () => {
        log.push('terminal');
        return 42;
      },
    );
    await expect(pipeline(context())).resolves.toBe(42);
    expect(log).toEqual(['>outer', '>inner', 'terminal', '<inner', '<outer']);
  });

  it('keeps only the steps that apply to the kind', async () => {
    const log: string[] = [];
    const steps = [
      recording(log, 'both', 1),
      recording(log, 'commands', 2, 'command'),
      recording(log, 'queries', 3, 'query'),
    ];
    await composePipeline(steps, 'query', async () => undefined)(context('query'));
    expect(log).toEqual(['>both', '>queries', '<queries', '<both']);
  });

  it('turns synchronous throws of steps and terminal into rejections', async () => {
    const error = new Error('sync');
    const throwing: PipelineStepDefinition = {
      name: 't',
      order: 1,
      handle: () => {
        throw error;
      },
    };
    await expect(composePipeline([throwing], 'command', async () => 1)(context())).rejects.toBe(
      error,
    );
    const terminal = () => {
      throw error;
    };
    const passing: PipelineStepDefinition = {
      name: 'p',
      order: 1,
      handle: (_c, next) => next().catch((e: unknown) => `caught ${(e as Error).message}`),
    };
    await expect(composePipeline([passing], 'command', terminal)(context())).resolves.toBe(
      'caught sync',
    );
  });

  it('lets a step call next more than once (retries)', async () => {
    let calls = 0;
    const twice: PipelineStepDefinition = {
      name: 'twice',
      order: 1,
      handle: async (_c, next) => {
        await next();
        return next();
      },
    };
    await expect(
      composePipeline([twice], 'command', async () => (calls += 1))(context()),
    ).resolves.toBe(2);
  });
});
