/**
 * `npm run bench` (second part): what a webhook costs, from the sender's request to a subscriber's screen.
 * - intake: POST /webhooks/fruugo until the 200 (authenticate, parse the loose payload, store durably), one at a
 *   time and 16 at once, against the /healthz floor;
 * - delivery: a callback posted until its ERROR_REPORTED order event reaches a graphql-ws subscriber, in process
 *   and, with BENCH_MONGODB_URI, from one instance to a subscriber of another through Redis (REDIS_URL needs the
 *   shared store; an instance's own subscribers never wait for Redis).
 * Prints figures and ratios; asserts nothing (speed is not a test).
 */
import { confirmResponse, postFruugoCallback } from '../support/fruugo-callbacks.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { downloadedFruugoOrder } from '../support/fruugo-orders.js';
import { subscribe } from '../support/subscriptions.js';
import { line, percentile, timed } from './measure.js';

const ROUNDS = 500;
let sequence = 0;

/** A refusing ConfirmResponseList for `orderId` (Fruugo's external id), new each time. */
function postCallback(gw: TestGateway, orderId: string): Promise<Response> {
  const correlationId = `bench-${process.pid}-${sequence++}`;
  return postFruugoCallback(gw.origin, confirmResponse(correlationId, orderId, correlationId));
}

async function acknowledged(response: Promise<Response>): Promise<void> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
}

/** Callback posted to `gw` → its order event at a subscriber of that order on `heardOn`, `ROUNDS / 2` times. */
async function deliveryTimes(gw: TestGateway, heardOn = gw): Promise<number[]> {
  const id = await downloadedFruugoOrder(gw);
  const events = subscribe<any>(
    heardOn.url,
    `subscription ($id: ID) { orderEvents(orderId: $id, since: "0") { type message } }`,
    { id },
  );
  try {
    await events.next(); // CREATED, replayed: the subscription is live from here on
    return await timed(ROUNDS / 2, async () => {
      await acknowledged(postCallback(gw, id.slice('FRUUGO:'.length)));
      for (;;) if ((await events.next()).data?.orderEvents.type === 'ERROR_REPORTED') return;
    });
  } finally {
    await events.close();
  }
}

const local = await startTestGateway({ fruugoOptions: { orderCount: 1 } });
try {
  const rssBefore = process.memoryUsage().rss;
  const health = await timed(ROUNDS, () => fetch(`${local.origin}/healthz`).then((r) => r.text()));
  const intake = await timed(ROUNDS, () => acknowledged(postCallback(local, 'no-such-order')));
  const started = performance.now();
  const concurrent = 16;
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      for (let i = 0; i < ROUNDS / concurrent; i++) await acknowledged(postCallback(local, 'no-such-order'));
    }),
  );
  const perSecond = (Math.floor(ROUNDS / concurrent) * concurrent) / ((performance.now() - started) / 1000);
  const delivered = await deliveryTimes(local);
  const rssAfter = process.memoryUsage().rss;

  // Two instances on one store (BENCH_MONGODB_URI, which must name a database the bench may fill) and one Redis.
  const mongodbUri = process.env.BENCH_MONGODB_URI;
  let redisDelivered: number[] | undefined;
  if (mongodbUri !== undefined) {
    const env = { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', MONGODB_URI: mongodbUri };
    const sender = await startTestGateway({ fruugoOptions: { orderCount: 1 }, env });
    const receiver = await startTestGateway({ fruugoOptions: { orderCount: 1 }, env });
    try {
      redisDelivered = await deliveryTimes(sender, receiver);
    } finally {
      await Promise.all([sender.close(), receiver.close()]);
    }
  }

  console.log(`\nwebhooks (${ROUNDS} sequential requests, loopback, embedded store with synchronous=FULL)`);
  console.log(line('GET /healthz (HTTP floor)', health));
  console.log(line('POST /webhooks/fruugo until the 200 (stored)', intake));
  console.log(line('callback posted → order event at a subscriber', delivered));
  if (redisDelivered === undefined) console.log('to another instance through Redis: set BENCH_MONGODB_URI to measure');
  else console.log(line('the same, to a subscriber of another instance through Redis', redisDelivered));
  console.log(`intake, ${concurrent} senders at once: ${perSecond.toFixed(0)} webhooks/s acknowledged`);
  console.log(`ratio intake / HTTP floor (p50): ${(percentile(intake, 50) / percentile(health, 50)).toFixed(2)}`);
  if (redisDelivered !== undefined) {
    console.log(
      `ratio Redis / in-process delivery (p50): ${(percentile(redisDelivered, 50) / percentile(delivered, 50)).toFixed(2)}`,
    );
  }
  console.log(
    `RSS growth over ${2 * ROUNDS + ROUNDS / 2} webhooks: ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(1)} MiB`,
  );
} finally {
  await local.close();
}
