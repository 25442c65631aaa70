import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ManualClock } from '../support/manual-clock.js';

/** The test gateways sweep every WEBHOOK_RETRY_SECONDS=1 (support/gateway.ts). */
const SWEEP_MS = 1000;

describe('a stored webhook that could not be applied is applied by the next sweep', () => {
  let gw: TestGateway;
  const clock = new ManualClock();
  before(async () => {
    gw = await startTestGateway({ clock });
  });
  after(() => gw.close());

  const noonEvent = async (nr: string) => {
    const events = await gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 200);
    return events.find((event) => event.body.includes(nr));
  };

  test('noon answers 500 while the event is applied: it stays FAILED until the clock brings the sweep, which applies it', async () => {
    gw.noon.control.injectFault({
      method: 'GET',
      path: /^\/fbpi\/v1\/fbpi-order\/[^/]+\/get$/,
      status: 500,
      count: 1000,
    });
    const nr = gw.noon.control.placeFbpiOrder();
    const failed = await eventually('the first attempt failed', async () => {
      const event = await noonEvent(nr);
      return event?.status === 'FAILED' ? event : undefined;
    });
    assert.equal(failed.attempts, 1);

    // Real time passes a sweep interval and more: the sweep runs on the gateway's clock, which has not moved.
    await sleep(SWEEP_MS + 200);
    assert.equal((await noonEvent(nr))?.attempts, 1);

    gw.noon.control.clearFaults();
    clock.advance(SWEEP_MS);
    const applied = await eventually('the sweep applied it', async () => {
      const event = await noonEvent(nr);
      return event?.status === 'PROCESSED' ? event : undefined;
    });
    assert.equal(applied.attempts, 2);
    assert.equal(applied.lastError, null);
    const announced = await gw.gateway.store.orderEventsAfter(0, { orderId: `NOON:${nr}` }, 10);
    assert.deepEqual(
      announced.map((event) => event.type),
      ['CREATED'],
    );
  });
});
