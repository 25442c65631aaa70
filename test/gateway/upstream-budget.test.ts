import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';

const LOOKUP = `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`;

describe("noon's request budget is shared fairly between callers", () => {
  let gw: TestGateway;
  before(async () => {
    // 20 a minute, so that one caller's half is 10; the simulator's own limit is far above.
    gw = await startTestGateway({ env: { AUTH_API_KEYS, NOON_REQUESTS_PER_MINUTE: '20' } });
  });
  after(() => gw.close());

  /** The calls noon's inbound API received since the log was last reset (its login left out). */
  const inboundCalls = () => gw.noon.control.requests().filter((entry) => entry.path.startsWith('/inbound/')).length;

  test("a flood from one key takes its share (50 %) and is refused at once past it; another key's lookup is answered", async () => {
    const before = inboundCalls();
    const flood = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        gw.graphql(LOOKUP, { asn: `ASN${String(9_000_000_000 + n)}` }, bearer(KEYS.viewer)),
      ),
    );
    assert.equal(inboundCalls() - before, 10, "the viewer's calls reached noon up to its share, no further");
    const limited = flood
      .flatMap((answer) => answer.errors ?? [])
      .filter((e) => e.extensions?.code === 'UPSTREAM_RATE_LIMITED');
    assert.equal(limited.length, 20);
    for (const error of limited) {
      assert.equal(error.extensions?.marketplace, 'NOON');
      assert.equal(error.extensions?.httpStatus, 429);
      assert.match(error.message, /this caller's share \(50 %\) of NOON's budget of 20 requests per 60 s is spent/);
    }

    const other = await gw.graphql(LOOKUP, { asn: 'ASN9100000000' }, bearer(KEYS.admin));
    assert.notEqual(other.errors?.[0]?.extensions?.code, 'UPSTREAM_RATE_LIMITED', JSON.stringify(other.errors));
    assert.equal(inboundCalls() - before, 11, "the admin's lookup reached noon");
  });
});
