/**
 * `npm run bench` (limits part): issue 13's query bombs before and after the limits (README, Limits), in one run.
 * "Before" is the same gateway started with every limit lifted by configuration; "after" is the defaults. Each line
 * says how long the bomb took and how many upstream calls it made (read from the simulators' logs). Prints figures;
 * asserts nothing (speed is not a test).
 */
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../support/gateway.js';
import { inventoryAliasBomb, ordersAliasBomb } from '../support/query-bombs.js';
import { upstreamRequests } from '../support/upstream-requests.js';
import { line, timed } from './measure.js';

/** Rounds of each refused bomb. */
const ROUNDS = 20;

/** As high as each limit goes: the limits switched off. */
const OFF = '1000000000';

/**
 * Both gateways get marketplaces as fast as the simulators go (no latency, noon's rate limit lifted, as in run.ts), so
 * "before" shows the gateway's own work; with noon's real budget of 1,500 calls a minute it only gets longer.
 */
const FAST_MARKETPLACES = {
  noonOptions: { ratePerMinute: 1_000_000 },
  env: { NOON_REQUESTS_PER_MINUTE: '100000' },
};

interface Bomb {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}

const bombs: Record<'orders' | 'ordersTenth' | 'inventory' | 'inventoryTenth', Bomb> = {
  /** The issue's own: 1,000 aliases of orders(first: 100), 40 KB. */
  orders: { label: '1,000 aliases of orders(first: 100)', query: ordersAliasBomb(1000, 100) },
  /** A tenth of it, which runs in about 13 s on the build machine: the whole one takes minutes when let through. */
  ordersTenth: { label: '100 aliases of orders(first: 100)', query: ordersAliasBomb(100, 100) },
  inventory: { label: '100 aliases of inventoryLevels, 1,000 SKUs each', ...inventoryAliasBomb(100, 1000) },
  /** A tenth again: the whole one ran 90 s and made 4,888 calls on the build machine. */
  inventoryTenth: { label: '10 aliases of inventoryLevels, 1,000 SKUs each', ...inventoryAliasBomb(10, 1000) },
};

/** Sends `bomb` once: its answer, how long it took, the upstream calls it made and what it added to the RSS. */
async function once(gw: TestGateway, bomb: Bomb) {
  const calls = upstreamRequests(gw);
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const answer: GraphqlResponse = await gw.graphql(bomb.query, bomb.variables);
  return {
    answer,
    ms: performance.now() - started,
    calls: upstreamRequests(gw) - calls,
    rssMiB: (process.memoryUsage().rss - rss) / 1024 / 1024,
  };
}

async function before(): Promise<void> {
  const gw = await startTestGateway({
    ...FAST_MARKETPLACES,
    env: {
      ...FAST_MARKETPLACES.env,
      OPERATION_MAX_COST: OFF,
      OPERATION_MAX_ALIASES: OFF,
      RATE_LIMIT_REQUESTS_PER_MINUTE: OFF,
      RATE_LIMIT_COST_PER_MINUTE: OFF,
      // Its own deadline would cut the bomb short: let it run to the end, as it did before the deadlines.
      REQUEST_DEADLINE_MS: '120000',
    },
  });
  try {
    await gw.graphql(`{ orders(first: 1) { nodes { id } } }`); // sessions, and the first Fruugo download
    console.log('\nBefore: the same gateway with every limit lifted (OPERATION_MAX_*, RATE_LIMIT_* at 1,000,000,000)');
    for (const bomb of [bombs.ordersTenth, bombs.inventoryTenth]) {
      const { answer, ms, calls, rssMiB } = await once(gw, bomb);
      const outcome = answer.errors ? `${answer.errors.length} errors` : 'answered';
      console.log(
        `${bomb.label.padEnd(52)} ${(ms / 1000).toFixed(1)} s, ${calls} upstream calls, ` +
          `RSS +${rssMiB.toFixed(0)} MiB, HTTP ${answer.status}, ${outcome}`,
      );
    }
  } finally {
    await gw.close();
  }
}

async function after(): Promise<void> {
  const gw = await startTestGateway(FAST_MARKETPLACES);
  try {
    await gw.graphql(`{ orders(first: 1) { nodes { id } } }`);
    console.log(`\nAfter: the default limits (${ROUNDS} sequential requests of each bomb)`);
    // The alias bomb twice: the same document each time, which Apollo Server parses and validates once and keeps;
    // and a document of its own each time (its aliases renamed), as an attacker would vary it, which it parses and
    // validates anew (40 KB: most of the time). Made before the clock starts.
    const rounds: Array<{ label: string; bombs: Bomb[] }> = [
      { label: `${bombs.orders.label}, same document`, bombs: Array.from({ length: ROUNDS }, () => bombs.orders) },
      {
        label: `${bombs.orders.label}, new document`,
        bombs: Array.from({ length: ROUNDS }, (_, round) => ({
          ...bombs.orders,
          query: ordersAliasBomb(1000, 100, `r${round}_`),
        })),
      },
      { label: bombs.inventory.label, bombs: Array.from({ length: ROUNDS }, () => bombs.inventory) },
    ];
    for (const { label, bombs: sent } of rounds) {
      const calls = upstreamRequests(gw);
      let answer: GraphqlResponse | undefined;
      let round = 0;
      const times = await timed(ROUNDS, async () => {
        const bomb = sent[round++]!;
        answer = await gw.graphql(bomb.query, bomb.variables);
      });
      console.log(
        `${line(label, times)}   max ${times.at(-1)!.toFixed(2)} ms   ${upstreamRequests(gw) - calls} upstream calls`,
      );
      console.log(`  HTTP ${answer!.status}: ${answer!.errors?.[0]?.message}`);
    }
  } finally {
    await gw.close();
  }
}

console.log("Issue 13's query bombs, before and after the limits (loopback, simulators answering at once)");
await before();
await after();
