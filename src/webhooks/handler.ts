import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { WebhookEvent, WebhookSource } from '../store/callback-store.js';

/** What a sender's body says about itself, read before anything is stored. */
export interface WebhookIdentity {
  /** The event's kind in the sender's words. */
  type: string;
  /** What makes a redelivery of the same event recognisable. */
  dedupeKey: string;
}

/**
 * A body that is not a webhook of this sender: answered with the handler's `malformedStatus` (400 unless it says
 * otherwise) and this message, and nothing is stored.
 */
export class MalformedWebhook extends Error {
  override readonly name = 'MalformedWebhook';
}

/**
 * One sender's webhooks: who may send them, how to recognise one, and how to apply one. The intake around it does
 * what is the same for every sender (body limit, storing once before acknowledging, applying afterwards, retries).
 */
export interface WebhookHandler {
  readonly source: WebhookSource;
  /** A sender whose events are small sets a lower body limit than the gateway's (WEBHOOK_BODY_LIMIT_BYTES). */
  readonly bodyLimitBytes?: number;
  /**
   * The answer to a body that fails `identify`; 400 when absent. A sender that disables the webhook on a 4xx
   * (Marketplacer) is answered 500 instead, so one unreadable event does not stop every later one.
   */
  readonly malformedStatus?: 400 | 500;
  /** Whether the request comes from the sender (credential header, signature over `rawBody`). */
  authenticate(request: FastifyRequest, rawBody: string): boolean;
  /**
   * Checks the body and names the event (some senders name it in a header, e.g. Marketplacer's `Idempotency-Key`);
   * throws MalformedWebhook for a body that is not one.
   */
  identify(rawBody: string, headers: IncomingHttpHeaders): WebhookIdentity;
  /** Applies a stored event; a throw leaves it FAILED, to be tried again. */
  process(event: WebhookEvent): Promise<void>;
}
