import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';

const LOOKUP = `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`;

describe("noon's request budget is shared fairly between callers", () => {
  let gw: TestGateway;
  before(async () => {
    // 1,220 a minute, paced at 20 a second, so that one caller's half is 10 a second; the simulator's own limit is far
    // above. A deadline of 3 s: a turn more than a few windows away comes after it.
    gw = await startTestGateway({
      env: { AUTH_API_KEYS, NOON_REQUESTS_PER_MINUTE: '1220', REQUEST_DEADLINE_MS: '3000' },
    });
  });
  after(() => gw.close());

  /** The calls noon's inbound API received since the log was last reset (its login left out). */
  const inboundCalls = () => gw.noon.control.requests().filter((entry) => entry.path.startsWith('/inbound/')).length;

  test("a flood from one key takes its share (50 %) and is refused at once past it; another key's lookup is answered", async () => {
    const before = inboundCalls();
    const started = Date.now();
    const flood = await Promise.all(
      Array.from({ length: 150 }, (_, n) =>
        gw.graphql(LOOKUP, { asn: `ASN${String(9_000_000_000 + n)}` }, bearer(KEYS.viewer)),
      ),
    );
    // Each paced window of a second lets at most the viewer's share (10) through (fewer when the gateway's own calls
    // took some); a loaded machine spreads the 150 requests over more windows.
    const windows = Math.ceil((Date.now() - started) / 1000) + 1;
    const reached = inboundCalls() - before;
    assert.ok(reached >= 1 && reached <= 10 * windows, `${reached} reached noon in ${windows} windows`);
    const limited = flood
      .flatMap((answer) => answer.errors ?? [])
      .filter((e) => e.extensions?.code === 'UPSTREAM_RATE_LIMITED');
    assert.equal(limited.length, 150 - reached, 'every call past the share was refused at once');
    assert.ok(limited.length > 0);
    for (const error of limited) {
      assert.equal(error.extensions?.marketplace, 'NOON');
      assert.equal(error.extensions?.httpStatus, 429);
      assert.match(
        error.message,
        /this caller's share \(50 %\) of NOON's budget of 1220 requests per 60 s \(20 per 1 s, paced\) is spent/,
      );
    }

    // Nor did the flood's calls that waited their turn until the deadline cut them open noon's breaker.
    const other = await gw.graphql(LOOKUP, { asn: 'ASN9100000000' }, bearer(KEYS.admin));
    assert.notEqual(other.errors?.[0]?.extensions?.code, 'UPSTREAM_RATE_LIMITED', JSON.stringify(other.errors));
    assert.equal(
      inboundCalls() - before,
      reached + 1,
      `the admin's lookup reached noon: ${JSON.stringify(other.errors)}`,
    );
  });
});
