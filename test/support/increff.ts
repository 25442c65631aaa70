import 'reflect-metadata';
import { TEST_HTTP } from './http.js';
import assert from 'node:assert/strict';
import { IncreffApi } from '../../datasources/increff/api.js';
import { createIncreffClient } from '../../datasources/increff/index.js';
import type { CreateOutwardOrderRequest, ErrorBody } from '../../datasources/increff/wire.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus, type Order } from '../../schema/order.js';
import { BadInput } from '../../src/domain/errors.js';
import { orderId } from '../../src/domain/order.js';
import { errorCode } from '../../src/graphql/errors.js';
import type { HttpConfig } from '../../src/config.js';
import type { IncreffSandbox } from '../../sandbox/increff/index.js';
import { testLogger } from './silent-logger.js';

// Talking to the Increff sandbox: raw HTTP for the simulator's own tests, the real client for the datasources'.

export function authHeaders(sandbox: IncreffSandbox): Record<string, string> {
  return {
    authUsername: sandbox.credentials.username,
    authPassword: sandbox.credentials.password,
    authDomainName: sandbox.credentials.domainName,
  };
}

export interface IncreffResult<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for an empty body. */
  body: T;
}

/** One raw call with the sandbox's credentials unless `headers` replaces them. */
export async function call<T = unknown>(
  sandbox: IncreffSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = authHeaders(sandbox),
): Promise<IncreffResult<T>> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** An empty 200, as Increff answers every write. */
export function assertEmptyOk(result: IncreffResult): void {
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body, undefined);
}

/** The refusal's status and code; returns the body for further checks. */
export function assertIncreffError(result: IncreffResult, status: number, code: string): ErrorBody {
  assert.equal(result.status, status, JSON.stringify(result.body));
  const body = result.body as ErrorBody;
  assert.equal(body.code, code, JSON.stringify(body));
  assert.equal(typeof body.message, 'string');
  return body;
}

/** The fields named by a refusal's errors. */
export function fieldsOf(body: ErrorBody): Array<string | undefined> {
  return (body.errors ?? []).map((entry) => entry.field);
}

let sequence = 0;

/** A valid outward order with a fresh code; one unit of PSKU-000001 unless overridden. */
export function outwardOrder(overrides: Partial<CreateOutwardOrderRequest> = {}): CreateOutwardOrderRequest {
  sequence += 1;
  return {
    orderCode: `SO-${process.pid}-${sequence}`,
    orderTime: '2026-03-01T10:00:00.000Z',
    orderType: 'SO',
    onHold: false,
    dispatchByTime: '2026-03-03T10:00:00.000Z',
    startProcessingTime: '2026-03-01T10:05:00.000Z',
    paymentMethod: 'NCOD',
    locationCode: 'WH-DXB-01',
    orderItems: [{ channelSkuCode: 'PSKU-000001', orderItemCode: 'ITEM-1', quantity: 1, sellingPricePerUnit: 27.08 }],
    ...overrides,
  };
}

/** The real Increff client pointed at the sandbox, as the gateway would build it. */
export function sandboxApi(
  sandbox: IncreffSandbox,
  http: HttpConfig = TEST_HTTP,
  password = sandbox.credentials.password,
): IncreffApi {
  const client = createIncreffClient({ baseUrl: sandbox.url, ...sandbox.credentials, password }, http, testLogger);
  return new IncreffApi(client.caller(testLogger));
}

export interface SampleLine {
  id: string;
  sku: string;
  quantity: number;
  /** Unit price in AED, e.g. "27.08"; null for a line without a price. */
  price: string | null;
  status?: OrderStatus;
}

/** A marketplace order as another marketplace's datasource would give it. */
export function marketplaceOrder(marketplace: Marketplace, externalId: string, lines: SampleLine[]): Order {
  const createdAt = new Date('2026-03-01T09:30:00.000Z');
  return {
    id: orderId(marketplace, externalId),
    marketplace,
    externalId,
    status: OrderStatus.ACKNOWLEDGED,
    marketplaceStatus: 'confirmed',
    createdAt,
    updatedAt: createdAt,
    currency: 'AED',
    total: null,
    lines: lines.map((line) => ({
      marketplace,
      id: line.id,
      sku: line.sku,
      title: `Title of ${line.sku}`,
      quantity: line.quantity,
      unitPrice: line.price === null ? null : { amount: line.price, currency: 'AED' },
      status: line.status ?? OrderStatus.ACKNOWLEDGED,
      marketplaceStatus: null,
    })),
    shipments: [],
  };
}

/** Available units of a SKU at a location, as the simulator counts them. */
export function availableAt(sandbox: IncreffSandbox, sku: string, locationCode: string): number {
  return sandbox.control.stock(sku).find((count) => count.locationCode === locationCode)?.available ?? 0;
}

/**
 * A refusal the gateway makes before calling Increff: BadInput, which the client gets as BAD_USER_INPUT, its message
 * and the fields it names.
 */
export function assertBadUserInput(error: unknown, expected: { message?: RegExp; fields?: string[] }): true {
  assert.ok(error instanceof BadInput, String(error));
  assert.equal(errorCode(error), 'BAD_USER_INPUT');
  if (expected.message) assert.match(error.message, expected.message);
  if (expected.fields) {
    const details = (error.details ?? []) as ReadonlyArray<{ field: string }>;
    assert.deepEqual(
      details.map((detail) => detail.field),
      expected.fields,
    );
  }
  return true;
}
