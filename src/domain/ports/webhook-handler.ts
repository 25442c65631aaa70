import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebhookEvent, WebhookSource } from '../webhook-event.js';

/** What a sender's request says about itself, read before anything is stored. */
export interface WebhookIdentity {
  /** The event's kind in the sender's words. */
  type: string;
  /** What makes a redelivery of the same event recognisable. */
  dedupeKey: string;
  /**
   * What makes the same event recognisable by its content, for a sender whose delivery key a replay could change
   * (Marketplacer's `Idempotency-Key` is a header, outside what it signs): a digest of the body, given only when the
   * body names its own event, so two events never share it.
   */
  contentKey?: string;
  /**
   * What the sender is answered once the event is stored, worked out from the request alone so that a repeat is
   * answered the same (Increff's pack, shipping label and inventory answers). Absent: the receipt
   * `{received, id, duplicate}`.
   */
  answer?: unknown;
}

/**
 * A body that is not a webhook of this sender: answered with the handler's `malformedStatus` (400 unless it says
 * otherwise) and this message, and nothing is stored.
 */
export class MalformedWebhook extends Error {
  override readonly name = 'MalformedWebhook';
}

/** One URL of a sender with several (Increff calls one "Client's URL" per touchpoint). */
export interface WebhookEndpoint {
  method: 'GET' | 'POST' | 'PUT';
  /** Under `/webhooks/<source>`, e.g. `/pack`. */
  url: string;
  /**
   * Checks the request and names the event; throws MalformedWebhook for one that is not. It gets the body, or for
   * a GET the query string as sent (without `?`), which is also what is stored.
   */
  identify(raw: string, headers: IncomingHttpHeaders): WebhookIdentity;
}

/**
 * One sender's webhooks: who may send them, how to recognise one, and how to apply one. The intake around it does
 * what is the same for every sender (body limit, storing once before acknowledging, applying afterwards, retries).
 * A sender with one URL implements `identify` (a POST to `/webhooks/<source>`); one with several lists `endpoints`.
 * It names Fastify's types: webhooks arrive over the gateway's own HTTP server, and extra routes are its plugins.
 */
export interface WebhookHandler {
  readonly source: `${WebhookSource}`;
  /**
   * A sender whose events are small sets a lower body limit than the gateway's (WEBHOOK_BODY_LIMIT_BYTES); one that
   * signs its body (`verifyBody`) must, as its body is read before it can be verified.
   */
  readonly bodyLimitBytes?: number;
  /**
   * The media types the sender's bodies come in (e.g. `application/json`), as its documentation and the simulator
   * show; a body of any other type is answered 415 before it is read.
   */
  readonly mediaTypes: readonly string[];
  /**
   * The answer to a body that fails `identify`; 400 when absent. A sender that disables the webhook on a 4xx
   * (Marketplacer) is answered 500 instead, so one unreadable event does not stop every later one.
   */
  readonly malformedStatus?: 400 | 500;
  /**
   * Whether the request's headers come from the sender (a credential header, Basic auth, a bearer credential). It is
   * asked before the body is read, so a caller refused here costs the gateway neither the read nor the memory. A
   * sender that signs its body answers whether its signature header is there at all, and checks it in `verifyBody`.
   */
  authenticate(request: FastifyRequest): boolean | Promise<boolean>;
  /**
   * For a sender that signs its body (an HMAC over the raw body): whether the body as read is the one signed. Asked
   * once the body is read (within `bodyLimitBytes`); false is answered 401, like a failed `authenticate`.
   */
  verifyBody?(request: FastifyRequest, rawBody: string): boolean;
  /**
   * Checks the body of a POST to `/webhooks/<source>` and names the event (some senders name it in a header, e.g.
   * Marketplacer's `Idempotency-Key`); throws MalformedWebhook for a body that is not one.
   */
  identify?(rawBody: string, headers: IncomingHttpHeaders): WebhookIdentity;
  /** The sender's URLs, when it has several; they replace the single POST. */
  readonly endpoints?: readonly WebhookEndpoint[];
  /**
   * Routes of the sender that carry no event and store nothing, registered under the same prefix (Increff's Get
   * Credential, which hands out the headers the other calls authenticate with).
   */
  readonly exchanges?: FastifyPluginAsync;
  /** Applies a stored event; a throw leaves it FAILED, to be tried again. */
  process(event: WebhookEvent): Promise<void>;
}
