/**
 * `npm run bench` (orders part): the merged order list across four marketplaces against one, with every simulator
 * answering after the same latency. noon and Marketplacer are asked upstream for every page; Fruugo's and Increff's
 * orders are listed from the store (they arrive by callback, or were pushed). Fanned out in parallel, the two
 * upstream calls cost about what one does; in sequence they would cost twice as much.
 *
 * Each request is set against its own slowest upstream call, as the simulator served it (the latency plus the
 * simulator's work, which shares this process's CPU with the gateway): what remains is the gateway's own time,
 * before the first call leaves and after the last answer. Prints figures and ratios; asserts nothing (speed is not
 * a test).
 */
import { dataOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { resetUpstreamCalls, upstreamCalls, upstreamRounds, type UpstreamCall } from '../support/upstream-rounds.js';
import { line, percentile } from './measure.js';

const ROUNDS = 100;
const LATENCY_MS = 25;

const ORDERS = `query ($marketplaces: [Marketplace!]) {
  orders(marketplaces: $marketplaces, first: 50) { nodes { id status total { amount currency } lines { sku quantity } } }
}`;
const WITH_STOCK = `query { orders(first: 20) { nodes { id lines { sku inventory { marketplace available } } } } }`;

/** One request's time, and how it splits around its upstream calls. */
interface Sample {
  total: number;
  /** The longest a simulator took from receiving a call to answering it. */
  slowestCall: number;
  /** From the request to the first upstream call's arrival. */
  before: number;
  /** From the last upstream answer to the response. */
  after: number;
  rounds: number;
}

/** `rounds` requests one after another, each with its upstream calls read from the simulators' logs. */
async function sampled(gw: TestGateway, rounds: number, run: () => Promise<unknown>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < rounds; i++) {
    resetUpstreamCalls(gw);
    const started = performance.now();
    await run();
    const ended = performance.now();
    const calls = upstreamCalls(gw).filter(
      (call): call is UpstreamCall & { answeredAt: number } => call.answeredAt !== null,
    );
    samples.push({
      total: ended - started,
      slowestCall: Math.max(...calls.map((call) => call.answeredAt - call.receivedAt)),
      before: Math.min(...calls.map((call) => call.receivedAt)) - started,
      after: ended - Math.max(...calls.map((call) => call.answeredAt)),
      rounds: upstreamRounds(calls).length,
    });
  }
  return samples;
}

const sorted = (samples: Sample[], figure: keyof Sample) =>
  samples.map((sample) => sample[figure]).sort((a, b) => a - b);
const p50 = (samples: Sample[], figure: keyof Sample) => percentile(sorted(samples, figure), 50);

function report(label: string, samples: Sample[]): void {
  console.log(line(label, sorted(samples, 'total')));
  console.log(
    `${''.padEnd(4)}p50: slowest upstream call ${p50(samples, 'slowestCall').toFixed(2)} ms, gateway before it ${p50(samples, 'before').toFixed(2)} ms, after it ${p50(samples, 'after').toFixed(2)} ms; upstream rounds ${p50(samples, 'rounds')}`,
  );
}

const list = (gw: TestGateway, marketplaces?: string[]) => () => gw.graphql(ORDERS, { marketplaces }).then(dataOf);

const gw = await startTestGateway({
  noonOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
  fruugoOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
  increffOptions: { latencyMs: LATENCY_MS },
  marketplacerOptions: { latencyMs: LATENCY_MS },
  env: { NOON_REQUESTS_PER_MINUTE: '100000' },
});
try {
  await list(gw)(); // sessions and the first Fruugo download
  const one = await sampled(gw, ROUNDS, list(gw, ['NOON']));
  const four = await sampled(gw, ROUNDS, list(gw));
  const stock = await sampled(gw, ROUNDS / 4, () => gw.graphql(WITH_STOCK).then(dataOf));
  console.log(
    `\norders through the gateway (${ROUNDS} sequential requests, every simulator answering after ${LATENCY_MS} ms)`,
  );
  report('orders(first: 50), noon only', one);
  report('orders(first: 50), all four merged', four);
  report('orders(first: 20) with each line’s stock', stock);
  const fourP50 = p50(four, 'total');
  console.log(
    `ratio four / one (p50): ${(fourP50 / p50(one, 'total')).toFixed(2)} (about 2 if noon and Marketplacer were asked one after the other)`,
  );
  console.log(
    `ratio four / its slowest upstream call (p50): ${(fourP50 / p50(four, 'slowestCall')).toFixed(2)}; / the ${LATENCY_MS} ms latency: ${(fourP50 / LATENCY_MS).toFixed(2)} (goal 1.10)`,
  );
} finally {
  await gw.close();
}
