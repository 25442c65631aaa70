import { FRUUGO_WEBHOOK_SECRET } from './gateway.js';

/** A Fruugo callback's body as Fruugo posts it: the envelope, its payload a string in Fruugo's notation. */
export function fruugoCallbackBody(type: string, correlationId: string, payload: string): string {
  return JSON.stringify({ value: { type, merchantId: 444, correlationId, payload } });
}

/** Fruugo's answer to a confirm of `externalId`: refused with `message` (announced ERROR_REPORTED), or a success. */
export function confirmResponse(correlationId: string, externalId: string, refusal?: string): string {
  const outcome = refusal === undefined ? `'success': true` : `'success': false 'errorMessage': '${refusal}'`;
  const payload = `{ 'transactionType': 'confirm' 'responses': [{ ${outcome} 'orderId': '${externalId}' 'shipmentId': null 'itemStatuses': [] }] }`;
  return fruugoCallbackBody('ConfirmResponseList', correlationId, payload);
}

/** The Basic credentials the test gateways expect on Fruugo's callbacks. */
export const FRUUGO_CALLBACK_AUTHORIZATION = `Basic ${Buffer.from(`fruugo:${FRUUGO_WEBHOOK_SECRET}`).toString('base64')}`;

/** Posts a Fruugo callback to the gateway at `origin` (no path), with the test gateways' Basic credentials. */
export function postFruugoCallback(origin: string, body: string): Promise<Response> {
  return fetch(`${origin}/webhooks/fruugo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: FRUUGO_CALLBACK_AUTHORIZATION,
    },
    body,
  });
}
