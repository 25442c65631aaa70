import type { CallbackEnvelope } from '../../datasources/fruugo/wire.js';
import { parseLoosePayload, type LooseValue } from '../../datasources/fruugo/webhooks/loose-payload.js';
import { startWebhookReceiver, type Received, type WebhookReceiver as Receiver } from './webhook-receiver.js';

// A stand-in for the retailer's webhook, for the Fruugo simulator's tests.

export type { ReceiverAnswer } from './webhook-receiver.js';

interface ReadCallback {
  envelope: CallbackEnvelope;
  /** The envelope's payload, read the way the gateway reads it. */
  payload: LooseValue;
}

export type ReceivedCallback = Received<ReadCallback>;

export interface WebhookReceiver extends Omit<Receiver<ReadCallback>, 'delivered'> {
  /** Resolves with the first delivery answered 2xx for this correlation id (waiting for it if need be). */
  delivered(correlationId: string, timeoutMs?: number): Promise<ReceivedCallback>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver('/webhooks/fruugo', (body): ReadCallback => {
    const envelope = JSON.parse(body) as CallbackEnvelope;
    return { envelope, payload: parseLoosePayload(envelope.value.payload) };
  });
  return {
    ...receiver,
    delivered: (correlationId, timeoutMs) =>
      receiver.delivered(
        (entry) => entry.envelope.value.correlationId === correlationId,
        `correlation id ${correlationId}`,
        timeoutMs,
      ),
  };
}
