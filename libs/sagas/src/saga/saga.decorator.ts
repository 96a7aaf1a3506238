import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { AnySagaDefinition } from './saga-definition.js';

/** A class-form saga: a provider whose `define()` builds its definition (with injected services). */
export interface SagaClass {
  /** The saga's definition, built with `defineSaga(...)...build()`; called once at start-up. */
  define(): AnySagaDefinition;
}

/** The discovery decorator behind {@link Saga}, for `DiscoveryService` look-ups. */
export const SagaDiscovery = DiscoveryService.createDecorator<true>();

/**
 * Marks a provider as a saga (class form): `SagasModule` finds it at start-up with Nest's
 * `DiscoveryService` and registers what its `define()` returns. Implies `@Injectable()`; list the
 * class among a module's providers.
 *
 * ```ts
 * @Saga()
 * export class FulfilmentSaga implements SagaClass {
 *   constructor(private readonly pricing: PricingService) {}
 *   define() {
 *     return defineSaga<FulfilmentState>('order-fulfilment')
 *       .startedBy(OrderConfirmed, { correlate: (e) => e.streamId, init: (e) => ({ orderId: e.streamId }) })
 *       .step('reserve-stock', { command: (s) => new ReserveStockCommand(s.orderId), completedBy: StockReserved })
 *       .build();
 *   }
 * }
 * ```
 */
export function Saga(): ClassDecorator {
  return applyDecorators(Injectable(), SagaDiscovery(true));
}
