/**
 * `npm run bench`: what the gateway adds on top of noon, measured against the simulator on loopback.
 * Prints figures and ratios; asserts nothing (speed is not a test).
 */
import { randomUUID } from 'node:crypto';
import { dataOf, startTestGateway } from '../support/gateway.js';
import { createdAsn } from '../support/inbound.js';
import { line, percentile, timed } from './measure.js';

const ROUNDS = 500;

const gw = await startTestGateway({
  noonOptions: { ratePerMinute: 1_000_000 },
  // About 1,200 operations a minute from one caller: over the default RATE_LIMIT_REQUESTS_PER_MINUTE (600).
  env: { NOON_REQUESTS_PER_MINUTE: '100000', RATE_LIMIT_REQUESTS_PER_MINUTE: '100000' },
});
try {
  const asn = await createdAsn(gw, 'AE', ['PSKU-000001']);
  const rssBefore = process.memoryUsage().rss;
  const single = await timed(ROUNDS, () =>
    gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { __typename } }`, { asn }).then(dataOf),
  );
  const health = await timed(ROUNDS, () => fetch(gw.url.replace('/graphql', '/healthz')).then((r) => r.text()));
  const full = await timed(ROUNDS, () =>
    gw
      .graphql(
        `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { asnNumber status country expectedQuantity createdAt items(first: 10) { nodes { partnerSku quantity } } } }`,
        { asn },
      )
      .then(dataOf),
  );
  const rssAfter = process.memoryUsage().rss;

  const bigAsn = await createdAsn(gw, 'AE', []);
  const items = Array.from({ length: 2500 }, (_, i) => ({
    partnerSku: `PSKU-${String(i + 1).padStart(6, '0')}`,
    quantity: 1,
  }));
  const upsert = await timed(5, () =>
    gw
      .graphql(
        `mutation ($asn: ID!, $items: [InboundShipmentItemInput!]!) { setInboundShipmentItems(asnNumber: $asn, items: $items) { appliedCount } }`,
        { asn: bigAsn, items },
      )
      .then(dataOf),
  );
  const creates = await timed(200, () =>
    gw
      .graphql(
        `mutation ($ref: String!) { createInboundShipment(input: { externalReference: $ref, country: "AE" }) { asnNumber } }`,
        {
          ref: `BENCH-${randomUUID()}`,
        },
      )
      .then(dataOf),
  );

  console.log(
    `noon FBN inbound through the gateway (${ROUNDS} sequential requests each, loopback, simulator latency 0)`,
  );
  console.log(line('GET /healthz (HTTP floor)', health));
  console.log(line('inboundShipment { __typename } (1 upstream)', single));
  console.log(line('inboundShipment + items (2 upstream)', full));
  console.log(line('createInboundShipment (1 upstream)', creates));
  console.log(line('setInboundShipmentItems, 2,500 items (3 upstream)', upsert));
  console.log(`ratio 2 upstream / 1 upstream (p50): ${(percentile(full, 50) / percentile(single, 50)).toFixed(2)}`);
  console.log(`ratio 1 upstream / HTTP floor (p50): ${(percentile(single, 50) / percentile(health, 50)).toFixed(2)}`);
  console.log(
    `RSS growth over ${3 * ROUNDS} requests: ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(1)} MiB (now ${(rssAfter / 1024 / 1024).toFixed(0)} MiB)`,
  );
} finally {
  await gw.close();
}
