import type { IncomingHttpHeaders } from 'node:http';
import type { CallbackEnvelope } from '../../datasources/fruugo/wire.js';
import { parseLoosePayload, type LooseValue } from '../../src/webhooks/fruugo/loose-payload.js';
import { answered2xx, startHttpReceiver, type ReceivedRequest, type ReceiverAnswer } from './http-receiver.js';

// A stand-in for the retailer's webhook, for the Fruugo simulator's tests: the HTTP receiver, reading each body
// as a Fruugo callback.

export type { ReceiverAnswer } from './http-receiver.js';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  /** The status it was answered with (`drop` and `hang` as such). */
  answer: ReceiverAnswer;
  envelope: CallbackEnvelope;
  /** The envelope's payload, read the way the gateway reads it. */
  payload: LooseValue;
}

export interface WebhookReceiver {
  url: string;
  /** Every callback so far, in arrival order. */
  readonly received: ReceivedCallback[];
  /** Answers for the next deliveries, in order; 200 once they run out. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves with the first delivery answered 2xx for this correlation id (waiting for it if need be). */
  delivered(correlationId: string, timeoutMs?: number): Promise<ReceivedCallback>;
  close(): Promise<void>;
}

function readCallback({ headers, answer, body }: ReceivedRequest): ReceivedCallback {
  const envelope = JSON.parse(body) as CallbackEnvelope;
  return { headers, answer, envelope, payload: parseLoosePayload(envelope.value.payload) };
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const receiver = await startHttpReceiver('/webhooks/fruugo');
  return {
    url: receiver.url,
    get received() {
      return receiver.received.map(readCallback);
    },
    answerNext: (...answers) => receiver.answerNext(...answers),
    delivered: (correlationId, timeoutMs) =>
      receiver.waitFor(
        `callback delivered for ${correlationId}`,
        (received) => {
          const entry = received.find((candidate) => answered2xx(candidate) && readCallback(candidate).envelope.value.correlationId === correlationId);
          return entry && readCallback(entry);
        },
        timeoutMs,
      ),
    close: () => receiver.close(),
  };
}
