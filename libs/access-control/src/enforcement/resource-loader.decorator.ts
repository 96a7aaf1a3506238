import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * Loads the attributes of one resource for the policies' conditions (e.g. an order's `total`,
 * `region`, `tenantId`). Runs in the caller's request context, so tenant-scoped stores see
 * the caller's tenant only.
 */
export interface ResourceAttributesLoader {
  /** The attributes of the resource `id`, or `undefined` when it does not exist. */
  load(id: string): Promise<Readonly<Record<string, unknown>> | undefined>;
}

const discoverable = DiscoveryService.createDecorator<string>();

/**
 * Marks a provider (implementing {@link ResourceAttributesLoader}) as the loader of the
 * resources of `type`. Providers of any module of the app are found at start-up with Nest's
 * `DiscoveryService`; the authorization step and `AccessGuard` call them only when a policy
 * that applies has a condition on the resource's attributes. One loader per type. Implies
 * `@Injectable()`.
 *
 * @example
 * @ResourceLoader('Order')
 * export class OrderResourceLoader implements ResourceAttributesLoader {
 *   constructor(private readonly orders: OrderRepository) {}
 *   async load(id: string) {
 *     const order = await this.orders.find(id);
 *     return order && { total: order.total, region: order.region };
 *   }
 * }
 */
export function ResourceLoader(type: string): ClassDecorator {
  return applyDecorators(Injectable(), discoverable(type));
}

/** The discovery decorator behind {@link ResourceLoader}, for `DiscoveryService` look-ups. */
export const ResourceLoaderDiscovery = discoverable;
