/**
 * `npm run bench` (orders part): the merged order list across four marketplaces against one, with every simulator
 * answering after the same latency. noon and Marketplacer are asked upstream for every page; Fruugo's and Increff's
 * orders are listed from the store (they arrive by callback, or were pushed). Fanned out in parallel, the two
 * upstream calls cost about what one does; in sequence they would cost twice as much. Prints figures and ratios;
 * asserts nothing (speed is not a test).
 */
import { dataOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { line, percentile, timed } from './measure.js';

const ROUNDS = 100;
const LATENCY_MS = 25;

const ORDERS = `query ($marketplaces: [Marketplace!]) {
  orders(marketplaces: $marketplaces, first: 50) { nodes { id status total { amount currency } lines { sku quantity } } }
}`;
const WITH_STOCK = `query { orders(first: 20) { nodes { id lines { sku inventory { marketplace available } } } } }`;

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
  const one = await timed(ROUNDS, list(gw, ['NOON']));
  const four = await timed(ROUNDS, list(gw));
  const stock = await timed(ROUNDS / 4, () => gw.graphql(WITH_STOCK).then(dataOf));
  console.log(
    `\norders through the gateway (${ROUNDS} sequential requests, every simulator answering after ${LATENCY_MS} ms)`,
  );
  console.log(line('orders(first: 50), noon only', one));
  console.log(line('orders(first: 50), all four merged', four));
  console.log(line('orders(first: 20) with each line’s stock', stock));
  console.log(
    `ratio four / one (p50): ${(percentile(four, 50) / percentile(one, 50)).toFixed(2)} (about 2 if noon and Marketplacer were asked one after the other)`,
  );
} finally {
  await gw.close();
}
