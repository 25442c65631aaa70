/**
 * Row 5 of `npm run bench`: from a Fruugo callback's POST to each of 100 graphql-ws subscribers having its order
 * event, while callbacks arrive at 500 a second. The gateway runs in a child process (development defaults, socket
 * limits raised for 100 sockets from one address; 100 Fruugo orders, each callback about the next in turn, each
 * subscriber on every Fruugo order's events); this process sends the callbacks evenly spaced over at most 32
 * keep-alive connections (as a sender with that many workers would; autocannon's rate sends each second's share in
 * a burst and builds a request long before it sends it) and holds the subscribers, on bare sockets
 * (bench/bare-socket.ts) so that taking 50,000 messages a second stays cheap here. Each callback is a refusing
 * ConfirmResponseList whose error names it, so each event says which callback it is. The baseline: the same path
 * with one callback at a time and one subscriber.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { confirmResponse, FRUUGO_CALLBACK_AUTHORIZATION } from '../support/fruugo-callbacks.js';
import { startTestGatewayProcess, type TestGatewayProcess } from '../support/gateway-process.js';
import { eventually } from '../support/eventually.js';
import { dataOf } from '../support/gateway.js';
import { ackedSocket, closeAll, subscribeOn } from './bare-socket.js';
import { percentile } from './measure.js';
import { figure, type RowOptions, type RowResult, gatewayExecArgv } from './row.js';

const SUBSCRIBERS = 100;
/** Fruugo orders the callbacks are about, in turn: an order's own history stays short, as it would. */
const ORDERS = 100;
const PER_SECOND = 500;
const GOAL_P99_MS = 20;

const SENDER_CONNECTIONS = 32;

/** POSTs a Fruugo callback through `agent`; fails unless it is acknowledged (200). */
function post(agent: Agent, url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sending = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: FRUUGO_CALLBACK_AUTHORIZATION },
      },
      (response) => {
        response.resume();
        response.once('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`callback answered ${response.statusCode}`)),
        );
      },
    );
    sending.once('error', reject);
    sending.end(body);
  });
}

/**
 * Sends `count` callbacks at `perSecond` to the order, and resolves with each (callback, subscriber) delay in ms,
 * sorted, once every subscriber has every event; a delivery still missing 30 s after the last callback is Infinity.
 */
async function deliveries(
  gw: TestGatewayProcess,
  sockets: readonly WebSocket[],
  orderIds: readonly string[],
  count: number,
  perSecond: number,
  run: string,
): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  let heard = 0;
  let allHeard: () => void = () => {};
  const done = new Promise<void>((resolve) => (allHeard = resolve));
  sockets.forEach((socket, index) =>
    subscribeOn(
      socket,
      // Not `${run}-…`: the operation id is in every message, and the callback's name is looked for by that pattern.
      `${run}:${index}`,
      'subscription { orderEvents(marketplaces: [FRUUGO]) { message } }',
      (raw) => {
        const name = new RegExp(`(${run}-\\d+)`).exec(raw)?.[1];
        const sent = name === undefined ? undefined : sentAt.get(name);
        if (sent === undefined) return;
        delays.push(performance.now() - sent);
        if (++heard === count * sockets.length) allHeard();
      },
    ),
  );
  await sleep(200); // every subscription started
  const agent = new Agent({ keepAlive: true, maxSockets: SENDER_CONNECTIONS });
  const started = performance.now();
  const answers: Array<Promise<void>> = [];
  for (let n = 0; n < count; n++) {
    const wait = started + (n * 1000) / perSecond - performance.now();
    if (wait >= 1) await sleep(wait);
    const name = `${run}-${n}`;
    sentAt.set(name, performance.now());
    answers.push(
      post(
        agent,
        `${gw.origin}/webhooks/fruugo`,
        confirmResponse(name, orderIds[n % orderIds.length]!.slice('FRUUGO:'.length), name),
      ),
    );
  }
  await Promise.all(answers).finally(() => agent.destroy());
  // Whatever has not arrived 30 s after the last callback was sent counts as never (Infinity).
  await Promise.race([done, sleep(30_000)]);
  const missing = count * sockets.length - delays.length;
  return [...delays.sort((a, b) => a - b), ...Array<number>(missing).fill(Number.POSITIVE_INFINITY)];
}

export async function measureEventDelivery({ quick }: RowOptions): Promise<RowResult> {
  const seconds = quick ? 3 : 10;
  const gw = await startTestGatewayProcess({
    execArgv: gatewayExecArgv(),
    fruugoOptions: { orderCount: ORDERS },
    env: { WEBSOCKETS_PER_CALLER: String(SUBSCRIBERS), WEBSOCKETS_MAX: String(SUBSCRIBERS + 10) },
  });
  const sockets: WebSocket[] = [];
  try {
    const orderIds = await eventually('the sample orders downloaded', async () => {
      const nodes = dataOf(await gw.graphql(`{ orders(marketplaces: [FRUUGO], first: ${ORDERS}) { nodes { id } } }`))
        .orders.nodes as Array<{ id: string }>;
      return nodes.length === ORDERS ? nodes.map((node) => node.id) : undefined;
    });
    sockets.push(...(await Promise.all(Array.from({ length: SUBSCRIBERS }, () => ackedSocket(gw.url)))));
    const alone = await deliveries(gw, sockets.slice(0, 1), orderIds, 200, 50, 'alone');
    const loaded = await deliveries(gw, sockets, orderIds, seconds * PER_SECOND, PER_SECOND, 'loaded');
    const p99 = percentile(loaded, 99);
    return {
      what: `webhook → graphql-ws subscriber, ${PER_SECOND} webhooks/s, ${SUBSCRIBERS} subscribers`,
      figure: `p99 ${figure(p99, 1)} ms (p50 ${figure(percentile(loaded, 50), 1)} ms)`,
      baseline: `one subscriber, 50/s: p99 ${figure(percentile(alone, 99), 1)} ms (p50 ${figure(percentile(alone, 50), 1)} ms)`,
      ratio: null,
      goal: `p99 ≤ ${GOAL_P99_MS} ms`,
      met: p99 <= GOAL_P99_MS,
      values: {
        p50: percentile(loaded, 50),
        p99,
        max: loaded.at(-1)!,
        deliveries: loaded.length,
        missing: loaded.filter((delay) => delay === Number.POSITIVE_INFINITY).length,
        aloneP50: percentile(alone, 50),
        aloneP99: percentile(alone, 99),
      },
    };
  } finally {
    await closeAll(sockets);
    await gw.close();
  }
}
