import type { IntegrationMessage, MessageHeaders } from '@cqrs-ddd/core';
import { uniqueName } from '@cqrs-ddd/core/testing';

/** The headers every message needs: when it occurred and the payload's media type. */
export const SAMPLE_HEADERS: MessageHeaders = Object.freeze({
  occurredAt: '2025-01-02T03:04:05.678Z',
  contentType: 'application/json',
});

/**
 * {@link SAMPLE_HEADERS} plus every context header a transport must carry: tenant
 * `tenant-a`, correlation id `corr-1`, causation id `cause-1` and a W3C `traceparent`.
 */
export const FULL_CONTEXT_HEADERS: MessageHeaders = Object.freeze({
  ...SAMPLE_HEADERS,
  tenantId: 'tenant-a',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
});

/**
 * A valid message for the transport tests: a fresh id, type `orders.order-confirmed.v1`,
 * destination `orders`, a small JSON payload and {@link SAMPLE_HEADERS}; `overrides` replace
 * any field (`destination: undefined` for a message routed by its type).
 */
export function sampleMessage(overrides: Partial<IntegrationMessage> = {}): IntegrationMessage {
  return {
    messageId: uniqueName('msg'),
    type: 'orders.order-confirmed.v1',
    destination: 'orders',
    payload: { orderId: 'order-1' },
    headers: SAMPLE_HEADERS,
    ...overrides,
  };
}
