import assert from 'node:assert/strict';
import type { ErrorBody, FieldError } from '../../datasources/fruugo/wire.js';
import type { FruugoSandbox } from '../../sandbox/fruugo/index.js';

// Talking to the Fruugo simulator over HTTP the way a retailer does, for the simulator's own tests.

export interface FruugoAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  /** `user:password` for Basic auth; the sandbox's own credentials by default, `null` for none. */
  auth?: string | null;
  correlationId?: string;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string;
}

export function basic(userAndPassword: string): string {
  return `Basic ${Buffer.from(userAndPassword).toString('base64')}`;
}

export async function post<T = unknown>(
  sandbox: FruugoSandbox,
  path: string,
  body: unknown,
  options: CallOptions = {},
): Promise<FruugoAnswer<T>> {
  const auth =
    options.auth === undefined ? `${sandbox.credentials.username}:${sandbox.credentials.password}` : options.auth;
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth === null ? {} : { authorization: basic(auth) }),
      ...(options.correlationId === undefined ? {} : { 'x-correlation-id': options.correlationId }),
    },
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** The 202 of an accepted call; its correlation id. */
export function accepted(answer: FruugoAnswer): string {
  assert.equal(answer.status, 202, `expected 202, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  const { correlationId } = answer.body as { correlationId: string };
  assert.equal(answer.headers.get('x-correlation-id'), correlationId);
  return correlationId;
}

/** A 400 whose body is Fruugo's field-error array; its `field: message` pairs. */
export function fieldErrors(answer: FruugoAnswer): Array<Pick<FieldError, 'field' | 'message'>> {
  assert.equal(answer.status, 400, `expected 400, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  const body = answer.body as ErrorBody;
  assert.ok(Array.isArray(body));
  return body.map((entry) => {
    assert.equal(entry.type, 'field');
    return { field: (entry as FieldError).field, message: entry.message };
  });
}
