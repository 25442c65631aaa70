import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ManualClock } from '../support/manual-clock.js';
import { FBPI } from '../support/noon-fbpi.js';

/** The test gateways sweep every WEBHOOK_RETRY_SECONDS=1 (support/gateway.ts). */
const SWEEP_MS = 1000;

const CONCURRENCY = 3;
const EVENTS = 12;

describe('WEBHOOK_APPLY_CONCURRENCY bounds the webhooks applied at once, and acknowledgements never wait for a slot', () => {
  let gw: TestGateway;
  before(async () => {
    // noon answers each read of an order after 300 ms, so the applications overlap for long enough to be seen.
    gw = await startTestGateway({
      env: { WEBHOOK_APPLY_CONCURRENCY: String(CONCURRENCY) },
      noonOptions: { latencyMs: 300 },
    });
  });
  after(() => gw.close());

  test(`${EVENTS} noon events at once: never more than ${CONCURRENCY} orders read from noon at a time, all applied`, async () => {
    const nrs = new Set(Array.from({ length: EVENTS }, () => gw.noon.control.placeFbpiOrder()));
    const isOrderRead = (path: string) => [...nrs].some((nr) => path === `${FBPI}/fbpi-order/${nr}/get`);
    let mostAtOnce = 0;
    let storedWhenFirstApplied: number | undefined;
    await eventually(
      'every event applied',
      async () => {
        // A read noon has not answered yet is one being applied (the log records a request before its latency).
        const reading = gw.noon.control
          .requests()
          .filter((request) => request.status === 0 && isOrderRead(request.path)).length;
        mostAtOnce = Math.max(mostAtOnce, reading);
        const events = await gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 100);
        const applied = events.filter((event) => event.status === 'PROCESSED').length;
        if (applied > 0) storedWhenFirstApplied ??= events.length;
        return applied === EVENTS ? true : undefined;
      },
      10_000,
    );
    assert.equal(mostAtOnce, CONCURRENCY, 'the bound is reached, and never passed');
    assert.equal(storedWhenFirstApplied, EVENTS, 'every event acknowledged while the first ones were still applied');
  });
});

describe('a webhook just acknowledged takes the next free slot, ahead of retries waiting for one', () => {
  const clock = new ManualClock();
  let gw: TestGateway;
  before(async () => {
    // One slot, and noon answers each read after 200 ms: retries waiting for the slot stay queued long enough.
    gw = await startTestGateway({ clock, env: { WEBHOOK_APPLY_CONCURRENCY: '1' }, noonOptions: { latencyMs: 200 } });
  });
  after(() => gw.close());

  const noonEvents = () => gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 100);

  test('five failed events are swept into the queue; a new one arriving then is applied after at most the one running', async () => {
    const failing = Array.from({ length: 5 }, () => gw.noon.control.placeFbpiOrder());
    gw.noon.control.injectFault({
      method: 'GET',
      path: new RegExp(`/fbpi-order/(${failing.join('|')})/get$`),
      status: 404,
      count: 1000,
    });
    await eventually('each failed once', async () => {
      const events = await noonEvents();
      return events.length === 5 && events.every((event) => event.status === 'FAILED') ? true : undefined;
    });
    clock.advance(SWEEP_MS);
    await eventually('the first retry being applied', async () =>
      gw.noon.control.requests().filter((request) => request.status === 0).length === 1 ? true : undefined,
    );
    const fresh = gw.noon.control.placeFbpiOrder();
    const retriedBefore = await eventually('the new event applied', async () => {
      const events = await noonEvents();
      const applied = events.find((event) => event.body.includes(fresh) && event.status === 'PROCESSED');
      return applied && events.filter((event) => event.attempts === 2).length;
    });
    assert.ok(retriedBefore <= 2, `${retriedBefore} of the 5 queued retries went first`);
  });
});
