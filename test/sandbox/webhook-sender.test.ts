import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SandboxClock } from '../../sandbox/shared/clock.js';
import { WebhookSender, type DeliveryRules, type ScheduledSenderOptions } from '../../sandbox/shared/webhook-sender.js';
import { eventually } from '../../support/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/** The garbage collector, run at will (what `--expose-gc` gives, for this test file only). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Numbered {
  n: number;
}

/** What the simulators' own tests do not reach: a schedule of one's own, a rule that gives up, hold, timeouts, maxKept, close. */
describe('the shared WebhookSender', () => {
  let receiver: WebhookReceiver<Numbered>;
  /** The senders the test started, closed after it. */
  const senders: Array<WebhookSender<Numbered>> = [];

  before(async () => {
    receiver = await startWebhookReceiver('/hook', (body) => JSON.parse(body) as Numbered);
  });

  afterEach(async () => {
    await Promise.all(senders.splice(0).map((sender) => sender.close()));
  });

  after(() => receiver.close());

  function start(
    options: Partial<ScheduledSenderOptions>,
    rules?: DeliveryRules<Numbered>,
    url: string | undefined = receiver.url,
  ) {
    const defaults: ScheduledSenderOptions = {
      firstDelayMs: 0,
      retryWaitMs: () => 20,
      maxAttempts: 5,
      timeoutMs: 3000,
    };
    const sender = new WebhookSender<Numbered>(
      new SandboxClock(),
      { ...defaults, ...options },
      () => (url === undefined ? undefined : { url, headers: {} }),
      rules,
    );
    senders.push(sender);
    return sender;
  }

  const send = (to: WebhookSender<Numbered>, n: number) => to.send({ n }, JSON.stringify({ n }));

  test('a schedule of its own sets every wait, and a rule that gives up ends the delivery at once, told the target', async () => {
    const told: Array<[number | null, string]> = [];
    const gives = start(
      { retryWaitMs: (failedAttempts) => failedAttempts * 60 },
      { givesUp: (_about, status, target) => (told.push([status, target.url]), status === 418) },
    );
    receiver.answerNext(500, 503, 418);
    send(gives, 1);
    const delivery = await gives.settled((about) => about.n === 1, 'n 1');
    assert.equal(delivery.state, 'failed');
    assert.deepEqual(
      delivery.attempts.map((attempt) => attempt.status),
      [500, 503, 418],
      'given up before the 5 attempts',
    );
    assert.deepEqual(told, [
      [500, receiver.url],
      [503, receiver.url],
      [418, receiver.url],
    ]);
    const waits = delivery.attempts
      .slice(1)
      .map((attempt, index) => attempt.at.getTime() - delivery.attempts[index]!.at.getTime());
    assert.ok(waits[0]! >= 59 && waits[1]! >= 119, `waits ${waits.join(', ')} ms are 60 and 120`);
  });

  test('hold: a delivery due for a retry waits at once, one under way is not retried; resume sends both', async () => {
    const retry = { retryWaitMs: () => 400 };
    const holding = start({ ...retry, timeoutMs: 500 });
    receiver.answerNext(500);
    send(holding, 2);
    await eventually('the first attempt', async () => (holding.list()[0]?.attempts.length === 1 ? true : undefined));
    receiver.answerNext('hang');
    send(holding, 3);
    await eventually('the second delivery under way', async () =>
      receiver.received.some((entry) => entry.n === 3) ? true : undefined,
    );

    holding.hold();
    assert.deepEqual(
      holding.list().map((delivery) => delivery.state),
      ['waiting', 'scheduled'],
    );
    await eventually('the one under way answered', async () =>
      holding.list()[1]?.attempts.length === 1 ? true : undefined,
    );
    // Nothing happens to a held delivery, so its absence is shown against one that is not held: a sender on the
    // same schedule whose first attempt fails after both held ones failed theirs. Timers of one wait fire in the
    // order they were set, so once its retry is made, theirs would have been made too.
    const control = start(retry);
    receiver.answerNext(500);
    send(control, 20);
    assert.deepEqual(
      (await control.settled((about) => about.n === 20, 'n 20')).attempts.map((attempt) => attempt.status),
      [500, 200],
    );
    assert.deepEqual(
      holding.list().map((delivery) => [delivery.state, delivery.attempts.length]),
      [
        ['waiting', 1],
        ['waiting', 1],
      ],
      'neither retried',
    );

    holding.resume();
    const resumed = await Promise.all([2, 3].map((n) => holding.settled((about) => about.n === n, `n ${n}`)));
    assert.deepEqual(
      resumed.map((delivery) => [delivery.state, delivery.attempts.at(-1)?.status]),
      [
        ['delivered', 200],
        ['delivered', 200],
      ],
    );
  });

  test('a receiver that never answers fails the attempt at the timeout, also when the garbage collector runs meanwhile', async () => {
    const timing = start({ timeoutMs: 200, maxAttempts: 1 });
    receiver.answerNext('hang');
    send(timing, 8);
    const collecting = setInterval(collectGarbage, 20);
    try {
      const delivery = await eventually(
        'the attempt timed out',
        async () => {
          const found = timing.list()[0];
          return found?.state === 'failed' ? found : undefined;
        },
        2000,
      );
      assert.deepEqual(
        delivery.attempts.map((attempt) => attempt.status),
        [null],
      );
      assert.match(delivery.attempts[0]!.error ?? '', /TimeoutError/);
    } finally {
      clearInterval(collecting);
    }
  });

  test('maxKept: the newest deliveries are kept', () => {
    const keeping = start({ maxKept: 2 }, undefined, undefined);
    for (const n of [4, 5, 6]) send(keeping, n);
    assert.deepEqual(
      keeping.list().map((delivery) => delivery.about.n),
      [5, 6],
    );
  });

  test('close abandons an attempt under way at once, and records nothing of it', async () => {
    const closing = start({ timeoutMs: 10_000 });
    receiver.answerNext('hang');
    send(closing, 7);
    await eventually('the attempt under way', async () =>
      receiver.received.some((entry) => entry.n === 7) ? true : undefined,
    );
    const started = Date.now();
    await closing.close();
    assert.ok(Date.now() - started < 1000, 'not the 10 s timeout');
    assert.deepEqual(
      closing.list().map((delivery) => [delivery.state, delivery.attempts.length]),
      [['scheduled', 0]],
    );
  });
});
