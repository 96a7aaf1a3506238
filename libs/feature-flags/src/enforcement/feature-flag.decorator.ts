import { applyDecorators, UseGuards } from '@nestjs/common';
import { FeatureFlagGuard } from './feature-flag.guard.js';
import { addFeatureFlagRequirement, type FeatureFlagOptions } from './feature-flag.metadata.js';

/**
 * Makes a feature available only while boolean flag `flag` is on for the caller (evaluated for
 * the request context's tenant and principal; an unknown flag is off).
 *
 * - On a controller, resolver, gateway or message handler (class or method) it applies
 *   `FeatureFlagGuard`, on every transport (`http`, `graphql`, `rpc`, `ws`).
 * - On a command or query class, the `feature-flags` pipeline step (slot 550) refuses the
 *   message, whatever its entry point. Subclasses inherit the declaration.
 *
 * Several declarations (class and method, or stacked) must all be on.
 *
 * @example
 * @FeatureFlag('bulk-export', { whenDisabled: 'forbidden' })
 * @Post('orders/export') export() { ... }
 *
 * @FeatureFlag('express-checkout')
 * export class ExpressCheckout { ... }
 * @throws TypeError when `flag` is not a non-empty string
 */
export function FeatureFlag(
  flag: string,
  options: FeatureFlagOptions = {},
): ClassDecorator & MethodDecorator {
  if (typeof flag !== 'string' || flag.trim() === '') {
    throw new TypeError(`@FeatureFlag() needs a flag key, got ${JSON.stringify(flag)}`);
  }
  const requirement = Object.freeze({ ...options, flag });
  const declare = (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) =>
    addFeatureFlagRequirement(descriptor ? (descriptor.value as object) : target, requirement);
  return applyDecorators(declare, UseGuards(FeatureFlagGuard));
}
