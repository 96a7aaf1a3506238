import { describe, expect, it, jest } from '@jest/globals';
import {
  type FeatureFlagProvider,
  InMemoryFeatureFlagProvider,
  isForbiddenError,
  isNotFoundError,
  type PipelineContext,
  runInContext,
} from '@cqrs-ddd/core';
import { rejectionOf } from '@cqrs-ddd/core/testing';
import { FeatureFlagsSettings } from '../module/feature-flags.settings.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import { FeatureFlag } from './feature-flag.decorator.js';
import { FeatureFlagEnforcer } from './feature-flag.enforcer.js';
import { featureFlagRequirementsOf } from './feature-flag.metadata.js';
import { FeatureFlagStep } from './feature-flag.step.js';

@FeatureFlag('bulk-import')
class ImportOrders {
  static readonly type = 'orders.import';
}

@FeatureFlag('reports', { whenDisabled: 'forbidden' })
class ListReports {}

/** Inherits its parent's flag and adds one. */
@FeatureFlag('bulk-import-v2')
class ImportOrdersV2 extends ImportOrders {}

class Unflagged {}

const stepWith = (
  provider: FeatureFlagProvider,
  whenDisabled: 'not-found' | 'forbidden' = 'not-found',
) =>
  new FeatureFlagStep(
    new FeatureFlagEnforcer(
      new FeatureFlagService(provider),
      FeatureFlagsSettings.from({ provider, whenDisabled }),
    ),
  );

const contextOf = (message: object, kind: 'command' | 'query' = 'command'): PipelineContext => ({
  kind,
  message,
  messageType: (message.constructor as { type?: string }).type ?? message.constructor.name,
  messageId: undefined,
  correlationId: undefined,
  causationId: undefined,
  attempt: 1,
  metadata: {},
});

const provider = new InMemoryFeatureFlagProvider([
  {
    key: 'bulk-import',
    enabled: true,
    defaultValue: false,
    rules: [{ tenantIds: ['acme'], value: true }],
  },
  { key: 'bulk-import-v2', enabled: true, defaultValue: true },
  { key: 'reports', enabled: false, defaultValue: true },
]);

describe('FeatureFlagStep', () => {
  it('runs a flagged command while its flag is on for the caller', async () => {
    const next = jest.fn(async () => 'done');
    const result = await runInContext({ tenantId: 'acme' }, () =>
      stepWith(provider).handle(contextOf(new ImportOrders()), next),
    );
    expect(result).toBe('done');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('refuses it with NotFoundError otherwise, without running the handler', async () => {
    const next = jest.fn(async () => 'done');
    const error = await runInContext({ tenantId: 'globex' }, () =>
      rejectionOf(stepWith(provider).handle(contextOf(new ImportOrders()), next)),
    );
    expect(isNotFoundError(error)).toBe(true);
    expect(error).toMatchObject({ resourceType: 'Command', resourceId: 'orders.import' });
    expect(next).not.toHaveBeenCalled();
  });

  it("throws ForbiddenError when the declaration or the module says 'forbidden'", async () => {
    const next = jest.fn(async () => 'done');
    const declared = await rejectionOf(
      stepWith(provider).handle(contextOf(new ListReports(), 'query'), next),
    );
    expect(isForbiddenError(declared)).toBe(true);
    expect((declared as Error).message).toContain('Query "ListReports"');
    const byModule = await rejectionOf(
      stepWith(provider, 'forbidden').handle(contextOf(new ImportOrders()), next),
    );
    expect(isForbiddenError(byModule)).toBe(true);
    expect(next).not.toHaveBeenCalled();
  });

  it('checks inherited declarations and passes undeclared messages untouched', async () => {
    expect(
      featureFlagRequirementsOf(ImportOrdersV2).map((requirement) => requirement.flag),
    ).toEqual(['bulk-import', 'bulk-import-v2']);
    expect(featureFlagRequirementsOf(ImportOrders).map((requirement) => requirement.flag)).toEqual([
      'bulk-import',
    ]);
    const next = jest.fn(async () => 'done');
    await expect(
      rejectionOf(stepWith(provider).handle(contextOf(new ImportOrdersV2()), next)),
    ).resolves.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(stepWith(provider).handle(contextOf(new Unflagged()), next)).resolves.toBe('done');
  });

  it('rejects an empty flag key at declaration', () => {
    expect(() => FeatureFlag('')).toThrow(TypeError);
  });
});
