import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { UpcasterMetadata } from './event-upcaster.js';

const discoverable = DiscoveryService.createDecorator<UpcasterMetadata>();

/**
 * Marks a provider as an event upcaster, found at start-up with Nest's `DiscoveryService`.
 * The class implements `EventUpcaster` and is a singleton provider of any module (for example
 * listed in `EventStoreModule.forFeature([...], { upcasters: [OrderCreatedV1ToV2] })`):
 *
 * ```ts
 * @Upcaster({ type: 'order.created', from: 1, to: 2 })
 * export class OrderCreatedV1ToV2 implements EventUpcaster<OrderCreatedV1, OrderCreatedV2> {
 *   upcast(data: OrderCreatedV1): OrderCreatedV2 {
 *     return { ...data, currency: 'EUR' };
 *   }
 * }
 * ```
 * Implies `@Injectable()`.
 */
export function Upcaster(metadata: UpcasterMetadata): ClassDecorator {
  return applyDecorators(Injectable(), discoverable(metadata));
}

/** The discovery decorator behind {@link Upcaster}, for `DiscoveryService` look-ups. */
export const UpcasterDiscovery = discoverable;
