/**
 * Rows 2 and 3 of `npm run bench`: the merged order list and a line's stock, with every simulator answering after
 * the same latency. noon and Marketplacer are asked upstream for every page (Fruugo's and Increff's orders come from
 * the store), so asked at once the list costs what the slowest call does; the baseline is that call itself: a
 * request straight to the noon simulator, measured in the same run. A line's stock is the orders, then one stock
 * batch per marketplace: two rounds. The rounds are counted as the fastest run's time over the latency (each round
 * costs at least one latency; what the gateway adds is far below one).
 */
import { dataOf, startTestGateway } from '../support/gateway.js';
import { percentile, timed } from './measure.js';
import { figure, type RowOptions, type RowResult } from './row.js';

const LATENCY_MS = 25;
const ORDERS = `query { orders(first: 50) { nodes { id status total { amount currency } lines { sku quantity } } } }`;
const WITH_STOCK = `query { orders(first: 20) { nodes { id lines { sku inventory { marketplace available } } } } }`;

export async function measureOrdersFanOut({ quick }: RowOptions): Promise<RowResult[]> {
  const rounds = quick ? 30 : 100;
  const gw = await startTestGateway({
    noonOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
    fruugoOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
    increffOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
    marketplacerOptions: { latencyMs: LATENCY_MS, ratePerMinute: 1_000_000 },
    env: { NOON_REQUESTS_PER_MINUTE: '100000', RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' },
  });
  try {
    await gw.graphql(ORDERS).then(dataOf); // sessions, tokens, the first Fruugo download
    const upstream = await timed(rounds, () =>
      fetch(`${gw.noon.url}/fbpi/v1/fbpi-orders/list`, { method: 'POST' }).then((response) => response.text()),
    );
    const merged = await timed(rounds, () => gw.graphql(ORDERS).then(dataOf));
    const withStock = await timed(Math.ceil(rounds / 2), () => gw.graphql(WITH_STOCK).then(dataOf));
    const upstreamP50 = percentile(upstream, 50);
    const mergedP50 = percentile(merged, 50);
    const ratio = mergedP50 / upstreamP50;
    const stockRounds = Math.floor(withStock[0]! / LATENCY_MS);
    return [
      {
        what: `\`orders(first: 50)\` over all marketplaces ÷ the slowest upstream call (each after ${LATENCY_MS} ms)`,
        figure: `p50 ${figure(mergedP50, 1)} ms`,
        baseline: `p50 ${figure(upstreamP50, 1)} ms`,
        ratio,
        goal: '≤ 1.10',
        met: ratio <= 1.1,
        values: { mergedP50, mergedP95: percentile(merged, 95), upstreamP50, rounds },
      },
      {
        what: '`orders(first: 20)` with each line’s stock: upstream rounds in sequence',
        figure: `${stockRounds} (fastest ${figure(withStock[0]!, 1)} ms, p50 ${figure(percentile(withStock, 50), 1)} ms)`,
        baseline: `${LATENCY_MS} ms a round`,
        ratio: null,
        goal: '2',
        met: stockRounds <= 2,
        values: { stockRounds, fastestMs: withStock[0]!, p50Ms: percentile(withStock, 50) },
      },
    ];
  } finally {
    await gw.close();
  }
}
