/**
 * `npm run bench` (subscribers part): one confirmOrder of a noon order with 500 subscribers of its event selecting
 * `order { lines { inventory } }`, the figure of issue 13, with the subscribers' reads shared (the gateway as it is)
 * and not (the gateway started with `shareEventWork: false`, an option of createGateway that only this benchmark
 * sets), in the same run. Counts the upstream calls the simulators received, from the mutation until every
 * subscriber has its event, and times that. Prints figures and ratios; asserts nothing (speed is not a test).
 */
import { dataOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribe, type LiveSubscription } from '../support/subscriptions.js';
import { percentile } from './measure.js';

const SUBSCRIBERS = 500;
const ROUNDS = 3;

const ORDER_EVENTS = `subscription ($since: String) {
  orderEvents(marketplaces: [NOON], since: $since) { orderId order { id status lines { sku inventory { marketplace available } } } }
}`;

interface Figures {
  /** Upstream calls of one confirm, noon's and Increff's (the same in every round). */
  calls: number;
  /** From the mutation's request until the last subscriber has the event, sorted. */
  times: number[];
}

async function subscribers(gw: TestGateway, count: number): Promise<LiveSubscription[]> {
  const since = String(await gw.gateway.store.latestOrderEventCursor());
  const opened = Array.from({ length: count }, () => subscribe(gw.url, ORDER_EVENTS, { since }));
  await Promise.all(opened.map((subscription) => subscription.started));
  return opened;
}

/** One confirm: the upstream calls it cost and the time until every subscriber had its event. */
async function confirm(gw: TestGateway, listening: LiveSubscription[]): Promise<{ calls: number; ms: number }> {
  const id = `NOON:${gw.noon.control.placeFbpiOrder()}`;
  gw.noon.control.resetRequests();
  gw.increff.control.resetRequests();
  const started = performance.now();
  dataOf(await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }));
  await Promise.all(
    listening.map(async (subscription) => {
      const { data, errors } = await subscription.next(120_000);
      if (errors || data?.orderEvents.orderId !== id)
        throw new Error(`unexpected event: ${JSON.stringify(errors ?? data)}`);
    }),
  );
  const ms = performance.now() - started;
  return { calls: gw.noon.control.requests().length + gw.increff.control.requests().length, ms };
}

async function rounds(gw: TestGateway, listening: LiveSubscription[]): Promise<Figures> {
  const measured = [];
  for (let round = 0; round < ROUNDS; round++) measured.push(await confirm(gw, listening));
  return {
    calls: Math.max(...measured.map((one) => one.calls)),
    times: measured.map((one) => one.ms).sort((a, b) => a - b),
  };
}

/** One subscriber, then SUBSCRIBERS, on a gateway that shares event reads or not. */
async function run(shareEventWork: boolean): Promise<{ one: Figures; many: Figures }> {
  const gw = await startTestGateway({
    shareEventWork,
    // noon's own order webhooks come after the benchmark: a confirm makes one event, the mutation's.
    noonOptions: { ratePerMinute: 1_000_000, notificationDelayMs: 3_600_000 },
    // Unshared, each round asks Increff 500 times: past its simulator's 1,200 a minute, which would answer 429.
    increffOptions: { ratePerMinute: 1_000_000 },
    // Unshared, 500 reads at once may take longer than the default 10 s on a busy machine: measured, not cut short.
    env: {
      NOON_REQUESTS_PER_MINUTE: '100000',
      WEBSOCKETS_PER_CALLER: String(SUBSCRIBERS),
      // 501 subscribes and the confirms from one caller in about a minute: near RATE_LIMIT_REQUESTS_PER_MINUTE's 600.
      RATE_LIMIT_REQUESTS_PER_MINUTE: '100000',
      REQUEST_DEADLINE_MS: '60000',
      HTTP_TIMEOUT_MS: '60000',
    },
  });
  const listening: LiveSubscription[] = [];
  try {
    listening.push(...(await subscribers(gw, 1)));
    await confirm(gw, listening); // noon's login, once
    const one = await rounds(gw, listening);
    listening.push(...(await subscribers(gw, SUBSCRIBERS - 1)));
    const many = await rounds(gw, listening);
    return { one, many };
  } finally {
    await Promise.all(listening.map((subscription) => subscription.close()));
    await gw.close();
  }
}

const before = await run(false);
const after = await run(true);
const row = (label: string, figures: Figures) =>
  `${label.padEnd(44)} ${String(figures.calls).padStart(5)} upstream calls   ${percentile(figures.times, 50).toFixed(0).padStart(6)} ms to the last subscriber (median of ${ROUNDS})`;
console.log(
  `\none confirmOrder of a noon order, subscribers of orderEvents { order { lines { inventory } } } (one event each)`,
);
console.log(row('1 subscriber, reads not shared', before.one));
console.log(row(`${SUBSCRIBERS} subscribers, reads not shared (before)`, before.many));
console.log(row('1 subscriber, reads shared', after.one));
console.log(row(`${SUBSCRIBERS} subscribers, reads shared (after)`, after.many));
console.log(
  `ratio before / after, ${SUBSCRIBERS} subscribers: upstream calls ${(before.many.calls / after.many.calls).toFixed(0)}, ` +
    `time ${(percentile(before.many.times, 50) / percentile(after.many.times, 50)).toFixed(1)}`,
);
