import type { WebhookSource } from '../../src/store/callback-store.js';
import { eventually } from '../eventually.js';
import { confirmResponse, postFruugoCallback } from '../fruugo-callbacks.js';
import { dataOf, postGraphql } from '../gateway.js';
import { subscribe } from '../subscriptions.js';
import type { Delivery } from './senders.js';
import type { MadeWebhook } from './tap.js';

/** What the storm left behind, each list naming what went wrong (empty when nothing did). */
export interface StormVerdict {
  /** Webhook events in the store. */
  stored: number;
  /** Order events in the store, the end marker left out. */
  events: number;
  eventsByMarketplace: Record<string, number>;
  /** Acknowledged webhooks the store does not have. */
  lost: string[];
  /** Webhooks stored more than once. */
  storedTwice: string[];
  /** Stored webhooks not PROCESSED once the sweep has had its time. */
  stuck: string[];
  /** Webhooks the gateway refused with a 4xx: each one a marketplace made, so none should be. */
  refused: string[];
  /** A change announced again: two events of one cause, two CREATED of one order, a status announced twice in a row. */
  announcedTwice: string[];
  /** Orders the store keeps (Fruugo, Increff) whose status is not what their last event said. */
  disagreeing: string[];
}

interface StoredWebhook {
  id: string;
  /** As the API names it (`FRUUGO`): its route's words (`fruugo`) in upper case. */
  source: Uppercase<WebhookSource>;
  status: string;
  lastError: string | null;
  body: string;
}

interface StoredOrderEvent {
  cursor: string;
  type: string;
  orderId: string;
  marketplace: string;
  status: string | null;
  webhookEventId: string | null;
  occurredAt: string;
}

/** What the store keeps of a webhook's request: its body, or a GET's query string (Increff's Get Shipping Label). */
function storedText(webhook: MadeWebhook): string {
  return webhook.method === 'GET' ? webhook.path.slice(webhook.path.indexOf('?') + 1) : webhook.body;
}

const identity = (source: string, text: string) => `${source} ${text}`;

/** How many statuses a listing poll asks about: whether any is left is all it needs. */
const UNSETTLED_STATUSES = ['RECEIVED', 'FAILED'] as const;

/** Whether any stored webhook is still RECEIVED or FAILED. */
async function anyUnsettled(graphqlUrl: string): Promise<boolean> {
  const data = dataOf(
    await postGraphql<any>(
      graphqlUrl,
      `{ ${UNSETTLED_STATUSES.map((status) => `${status}: webhookEvents(status: ${status}, first: 1) { nodes { id } }`).join(' ')} }`,
    ),
  );
  return UNSETTLED_STATUSES.some((status) => data[status].nodes.length > 0);
}

async function storedWebhooks(graphqlUrl: string): Promise<StoredWebhook[]> {
  const all: StoredWebhook[] = [];
  let after: string | null = null;
  do {
    const page: any = dataOf(
      await postGraphql<any>(
        graphqlUrl,
        `query ($after: String) { webhookEvents(first: 200, after: $after) {
          nodes { id source status lastError body } pageInfo { endCursor } } }`,
        { after },
      ),
    ).webhookEvents;
    all.push(...page.nodes);
    after = page.pageInfo.endCursor;
  } while (after !== null);
  return all;
}

/**
 * Every order event in the store, in cursor order, read as a client would: `orderEvents(since: "0")` over graphql-ws.
 * The replay's end is known by a marker: one more webhook, posted now, whose event is stored after every other.
 */
async function storedOrderEvents(origin: string, marker: string): Promise<StoredOrderEvent[]> {
  const subscription = subscribe<{ orderEvents: StoredOrderEvent }>(
    `${origin}/graphql`,
    'subscription { orderEvents(since: "0") { cursor type orderId marketplace status webhookEventId occurredAt } }',
  );
  try {
    const response = await postFruugoCallback(origin, confirmResponse(marker, marker, 'the storm is over'));
    if (response.status !== 200) throw new Error(`the end marker was answered ${response.status}`);
    const events: StoredOrderEvent[] = [];
    for (;;) {
      const result = await subscription.next(30_000);
      if (result.errors !== undefined) throw new Error(`orderEvents failed: ${JSON.stringify(result.errors)}`);
      const event = result.data!.orderEvents;
      if (event.orderId === `FRUUGO:${marker}`) return events;
      events.push(event);
    }
  } finally {
    await subscription.close();
  }
}

/**
 * What caused an event, as the gateway keys it: the stored webhook and the order, except for Marketplacer, whose
 * events are one per state of the invoice (docs/marketplacer.md), seen here as the order's status and Marketplacer's
 * time of the change (a webhook applied again after its invoice moved on announces the move under its own id).
 */
function causeOf(event: StoredOrderEvent): string | undefined {
  if (event.marketplace === 'MARKETPLACER') return `${event.orderId} ${event.status} at ${event.occurredAt}`;
  return event.webhookEventId === null ? undefined : `webhook ${event.webhookEventId} about ${event.orderId}`;
}

/** Changes announced again, by what the gateway promises: once per cause, and the same change once. */
function announcedTwice(events: readonly StoredOrderEvent[]): string[] {
  const found: string[] = [];
  const causes = new Set<string>();
  const byOrder = new Map<string, { created: number; status: string | null }>();
  for (const event of events) {
    const at = `${event.orderId} at cursor ${event.cursor}`;
    const cause = causeOf(event);
    if (cause !== undefined) {
      if (causes.has(cause)) found.push(`${at}: a second ${event.type} from ${cause}`);
      causes.add(cause);
    }
    const order = byOrder.get(event.orderId) ?? { created: 0, status: null };
    if (event.type === 'CREATED' && ++order.created > 1) found.push(`${at}: CREATED again`);
    if (event.type === 'STATUS_CHANGED' && event.status === order.status)
      found.push(`${at}: STATUS_CHANGED to ${event.status}, which it already was`);
    if (event.status !== null) order.status = event.status;
    byOrder.set(event.orderId, order);
  }
  return found;
}

/** The marketplaces whose orders live in the store: there the order must be what its last event says. */
const KEPT = new Set(['FRUUGO', 'INCREFF']);

async function disagreeing(graphqlUrl: string, events: readonly StoredOrderEvent[]): Promise<string[]> {
  const announced = new Map<string, string>();
  for (const event of events)
    if (KEPT.has(event.marketplace) && event.status !== null) announced.set(event.orderId, event.status);
  const ids = [...announced.keys()];
  const found: string[] = [];
  for (let start = 0; start < ids.length; start += 50) {
    const batch = ids.slice(start, start + 50);
    const response = await postGraphql<Record<string, { status: string } | null>>(
      graphqlUrl,
      `{ ${batch.map((id, index) => `o${index}: order(id: ${JSON.stringify(id)}) { status }`).join(' ')} }`,
    );
    batch.forEach((id, index) => {
      const kept = response.data?.[`o${index}`]?.status;
      if (kept !== announced.get(id))
        found.push(`${id}: ${kept ?? 'not found'} in the store, ${announced.get(id)} announced`);
    });
  }
  return found;
}

/**
 * Judges the gateway at `origin` after the storm (senders done, gateway up): waits up to `settleMs` for the sweep to
 * apply whatever is unsettled, then compares what was acknowledged with what is stored, and reads every order event.
 * `marker` names the end marker's order (FRUUGO:<marker>).
 */
export async function judge(
  origin: string,
  deliveries: readonly Delivery[],
  marker: string,
  settleMs: number,
): Promise<StormVerdict> {
  const graphqlUrl = `${origin}/graphql`;
  await eventually(
    'every stored webhook applied',
    async () => ((await anyUnsettled(graphqlUrl)) ? undefined : true),
    settleMs,
  ).catch(
    () => undefined, // what is still unsettled is named below
  );
  const stored = await storedWebhooks(graphqlUrl);

  const storedCount = new Map<string, number>();
  for (const webhook of stored) {
    const key = identity(webhook.source.toLowerCase(), webhook.body);
    storedCount.set(key, (storedCount.get(key) ?? 0) + 1);
  }
  const lost = deliveries
    .filter((delivery) => delivery.acknowledged)
    .map((delivery) => identity(delivery.webhook.source, storedText(delivery.webhook)))
    .filter((key) => !storedCount.has(key));
  const events = await storedOrderEvents(origin, marker);
  const eventsByMarketplace: Record<string, number> = {};
  for (const event of events)
    eventsByMarketplace[event.marketplace] = (eventsByMarketplace[event.marketplace] ?? 0) + 1;
  return {
    stored: stored.length,
    events: events.length,
    eventsByMarketplace,
    lost,
    storedTwice: [...storedCount].filter(([, count]) => count > 1).map(([key, count]) => `${count}× ${key}`),
    stuck: stored
      .filter((webhook) => webhook.status !== 'PROCESSED')
      .map((webhook) => `${webhook.source} ${webhook.id} ${webhook.status}: ${webhook.lastError ?? ''}`),
    refused: deliveries.flatMap((delivery) =>
      delivery.refusals.map((refusal) => `${delivery.webhook.source} ${delivery.webhook.path}: ${refusal}`),
    ),
    announcedTwice: announcedTwice(events),
    disagreeing: await disagreeing(graphqlUrl, events),
  };
}
