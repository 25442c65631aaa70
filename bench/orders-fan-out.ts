/**
 * Rows 2 and 3 of `npm run bench`: the merged order list and a line's stock, with every simulator answering after
 * 25 ms. The gateway runs in a child process and the simulators in this one, so their own work does not share the
 * gateway's CPU. noon and Marketplacer are asked upstream for every page (Fruugo's and Increff's orders come from the
 * store); asked at once, the list costs what the slowest call does. The baseline of each request is its own slowest
 * upstream call as the simulator served it (the latency and the simulator's work), read from the simulators' logs:
 * what remains is the gateway's own time, before the first call leaves and after the last answer. A line's stock is
 * counted in rounds of calls made one after the other (support/upstream-rounds.ts), not inferred from times.
 */
import { dataOf } from '../support/gateway.js';
import { startTestGatewayProcess, type TestGatewayProcess } from '../support/gateway-process.js';
import { resetUpstreamCalls, upstreamCalls, upstreamRounds, type UpstreamCall } from '../support/upstream-rounds.js';
import { percentile } from './measure.js';
import { figure, type RowOptions, type RowResult, gatewayExecArgv } from './row.js';

const LATENCY_MS = 25;
const ORDERS = `query { orders(first: 50) { nodes { id status total { amount currency } lines { sku quantity } } } }`;
const WITH_STOCK = `query { orders(first: 20) { nodes { id lines { sku inventory { marketplace available } } } } }`;

/** One request's time, and how it splits around its upstream calls. */
interface Sample {
  total: number;
  /** The longest a simulator took from receiving one of its calls to answering it. */
  slowestCall: number;
  /** From the request to the first upstream call's arrival. */
  before: number;
  /** From the last upstream answer to the response. */
  after: number;
  rounds: number;
}

/** `count` requests one after another, each with its upstream calls read from the simulators' logs. */
async function sampled(gw: TestGatewayProcess, count: number, query: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    resetUpstreamCalls(gw);
    const started = performance.now();
    dataOf(await gw.graphql(query));
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

const p50 = (samples: Sample[], of: keyof Sample) =>
  percentile(
    samples.map((sample) => sample[of]).sort((a, b) => a - b),
    50,
  );

export async function measureOrdersFanOut({ quick }: RowOptions): Promise<RowResult[]> {
  const count = quick ? 40 : 200;
  const traffic = { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 };
  const gw = await startTestGatewayProcess({
    execArgv: gatewayExecArgv(),
    noonOptions: traffic,
    fruugoOptions: traffic,
    increffOptions: traffic,
    marketplacerOptions: traffic,
    env: { NOON_REQUESTS_PER_MINUTE: '100000', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' },
  });
  try {
    await sampled(gw, 5, ORDERS); // sessions, the first Fruugo download, the JIT
    const merged = await sampled(gw, count, ORDERS);
    const withStock = await sampled(gw, Math.ceil(count / 4), WITH_STOCK);
    const ratio = p50(merged, 'total') / p50(merged, 'slowestCall');
    const rounds = p50(withStock, 'rounds');
    return [
      {
        what: `\`orders(first: 50)\` over all marketplaces ÷ the slowest upstream call (each after ${LATENCY_MS} ms)`,
        figure: `p50 ${figure(p50(merged, 'total'), 1)} ms (gateway ${figure(p50(merged, 'before'), 1)} ms before the calls, ${figure(p50(merged, 'after'), 1)} ms after)`,
        baseline: `p50 ${figure(p50(merged, 'slowestCall'), 1)} ms`,
        ratio,
        goal: '≤ 1.10',
        met: ratio <= 1.1,
        values: {
          totalP50: p50(merged, 'total'),
          slowestCallP50: p50(merged, 'slowestCall'),
          beforeP50: p50(merged, 'before'),
          afterP50: p50(merged, 'after'),
          requests: count,
        },
      },
      {
        what: '`orders(first: 20)` with each line’s stock: upstream rounds in sequence',
        figure: `${rounds} (p50 ${figure(p50(withStock, 'total'), 1)} ms)`,
        baseline: `${LATENCY_MS} ms a call`,
        ratio: null,
        goal: '2',
        met: rounds <= 2,
        values: { rounds, totalP50: p50(withStock, 'total'), requests: withStock.length },
      },
    ];
  } finally {
    await gw.close();
  }
}
