import { defineQuerySchema } from '@cqrs-ddd/core';
import { ORDER_STATUSES } from '../domain/order-status.js';
import type { OrderSummary } from '../read-model/order-summary.js';

const RANGE = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between'] as const;

/**
 * What clients may filter and sort orders by (`GET /orders`, GraphQL `orders`): the filter
 * string grammar is core's (`field:op:value`, comma = and, `|` between list values).
 */
export const ORDER_QUERY_SCHEMA = defineQuerySchema<OrderSummary>({
  fields: {
    status: {
      type: 'string',
      ops: ['eq', 'ne', 'in', 'nin'],
      enum: ORDER_STATUSES,
      sortable: true,
    },
    customerId: { type: 'string', ops: ['eq', 'ne', 'in', 'nin'], sortable: true },
    total: { type: 'number', ops: [...RANGE, 'in'], sortable: true },
    itemCount: { type: 'integer', ops: [...RANGE, 'in'], sortable: true },
    version: { type: 'integer', ops: RANGE, sortable: true },
    createdAt: { type: 'date', ops: RANGE, sortable: true },
    updatedAt: { type: 'date', ops: RANGE, sortable: true },
  },
  defaultSort: '-updatedAt',
  defaultLimit: 20,
  maxLimit: 100,
});
