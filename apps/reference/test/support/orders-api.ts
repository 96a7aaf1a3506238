/** Small REST helpers shared by the e2e tests: they assert the happy path of each call. */
import { expect } from '@jest/globals';
import type { E2eApp } from './e2e-app.js';

/** `{ id, version }` of a write. */
export interface WriteResult {
  readonly id: string;
  readonly version: number;
}

/** `POST /orders` → 201. */
export async function createOrder(api: E2eApp, customerId = 'customer-1'): Promise<WriteResult> {
  const response = await api.http().post('/orders').send({ customerId });
  expect(response.status).toBe(201);
  return response.body as WriteResult;
}

/** `POST /orders/:id/items` → 200. */
export async function addItem(
  api: E2eApp,
  orderId: string,
  item: { productId: string; quantity: number; unitPrice: number },
): Promise<WriteResult> {
  const response = await api.http().post(`/orders/${orderId}/items`).send(item);
  expect(response.status).toBe(200);
  return response.body as WriteResult;
}

/** `GET /orders/:id?minVersion=` → 200 body (waits for the read model to reach `version`). */
export async function readOrder(
  api: E2eApp,
  orderId: string,
  minVersion = 1,
): Promise<Record<string, unknown>> {
  const response = await api.http().get(`/orders/${orderId}`).query({ minVersion });
  expect(response.status).toBe(200);
  return response.body as Record<string, unknown>;
}

/** The problem document of an error response, checked to be `application/problem+json`. */
export function problemOf(response: {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}): Record<string, unknown> & { code: string; errors?: { path: string }[] } {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.body as Record<string, unknown> & { code: string; status: number };
  expect(body.status).toBe(response.status);
  return body;
}
