/**
 * Row 8 of `npm run bench`: a burst of noon calls against noon's budget of 1,500 a minute. 16 clients, each its own
 * API key (one caller may take only UPSTREAM_CALLER_SHARE_PERCENT of a budget), read FBN inbound shipments
 * (`inboundShipment`, one noon call each) until 3,000 reads are done; a client told UPSTREAM_RATE_LIMITED (its turn
 * would come after its deadline) waits a second and asks again, as a client should. The noon simulator enforces the
 * real budget (1,500 requests per one-minute window, its window its own) and answers 429 past it: the gateway must
 * never get one. "Budget used" is the calls over what the budget allows in the time taken. It takes two minutes, so
 * `--quick` leaves it out (bench/index.ts).
 */
import { dataOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { createdAsn } from '../support/inbound.js';
import { figure, type RowResult } from './row.js';

const CLIENTS = 16;
const CALLS = 3_000;
const BUDGET_PER_MINUTE = 1_500;
const GOAL_SECONDS = 125;
const READ = `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { __typename } }`;

const keyOf = (client: number) => `bench-burst-client-${String(client).padStart(2, '0')}-0000000000`;

/** One client: reads until the burst's reads are all taken; answers how many it retried after a refusal. */
async function client(gw: TestGateway, key: string, asn: string, take: () => boolean): Promise<number> {
  let retried = 0;
  while (take()) {
    for (;;) {
      const result = await gw.graphql(READ, { asn }, { authorization: `Bearer ${key}` });
      if (result.data?.inboundShipment) break;
      if (result.errors?.[0]?.extensions?.code !== 'UPSTREAM_RATE_LIMITED') dataOf(result);
      retried++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return retried;
}

export async function measureNoonBurst(): Promise<RowResult> {
  const gw = await startTestGateway({
    noonOptions: { ratePerMinute: BUDGET_PER_MINUTE },
    env: {
      NOON_REQUESTS_PER_MINUTE: String(BUDGET_PER_MINUTE),
      AUTH_API_KEYS: JSON.stringify(
        Array.from({ length: CLIENTS }, (_, client) => ({
          name: `client-${client}`,
          key: keyOf(client),
          roles: ['operator'],
        })),
      ),
    },
  });
  try {
    const operator = { authorization: `Bearer ${keyOf(0)}` };
    const asn = await createdAsn(
      { ...gw, graphql: (query, variables) => gw.graphql(query, variables, operator) },
      'AE',
      [],
    );
    gw.noon.control.resetRequests();
    let left = CALLS;
    const take = () => left-- > 0;
    const started = performance.now();
    const retried = await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(gw, keyOf(n), asn, take)));
    const seconds = (performance.now() - started) / 1000;
    const requests = gw.noon.control.requests();
    const refused = requests.filter((request) => request.status === 429).length;
    const used = requests.length / ((seconds / 60) * BUDGET_PER_MINUTE);
    return {
      what: `a burst of ${figure(CALLS)} noon calls (\`inboundShipment\` from ${CLIENTS} clients) against noon’s ${figure(BUDGET_PER_MINUTE)}/min`,
      figure: `${figure(seconds, 1)} s, ${refused} × 429 from noon`,
      baseline: `${figure(requests.length)} noon calls: ${figure(100 * used, 1)} % of the budget over that time`,
      ratio: null,
      goal: `done within ${GOAL_SECONDS} s (≥ 95 % of the budget used), 0 × 429`,
      met: seconds <= GOAL_SECONDS && refused === 0 && used >= 0.95,
      values: {
        seconds,
        noonCalls: requests.length,
        refused429: refused,
        budgetUsed: used,
        clientRetries: retried.reduce((a, b) => a + b, 0),
      },
    };
  } finally {
    await gw.close();
  }
}
