/**
 * Issue 14's webhook rows: durable intake with 32 senders, whether application keeps up, and the gateway's RSS over
 * 20,000 webhooks. The gateway runs as production would (`node dist/src/main.js` in a child process, embedded SQLite
 * store, LOG_LEVEL info) in front of noon's and Fruugo's simulators; the senders are autocannon
 * in this process, 32 keep-alive connections, so the load generator does not share the gateway's event loop.
 *
 * Each webhook is a refusing ConfirmResponseList of its own (correlation id and Fruugo order id new each time), as
 * `webhooks.ts` posts them: stored, acknowledged, then applied (an operation settled, an order error filed, an
 * ERROR_REPORTED order event). Prints figures; asserts nothing but that every webhook was acknowledged.
 *
 * Rows 4 and 7 of `npm run bench`. `--quick` scales the counts down; BENCH_PROFILE_DIR=<dir> writes the gateway's CPU
 * profile there; BENCH_GATEWAY_ENTRY=<main.js> measures another build (the one before a change, built elsewhere).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startFruugoSandbox } from '../sandbox/fruugo/index.js';
import { startNoonSandbox } from '../sandbox/noon/index.js';
import { eventually } from '../support/eventually.js';
import { confirmResponse, FRUUGO_CALLBACK_AUTHORIZATION } from '../support/fruugo-callbacks.js';
import { postGraphql, type GraphqlResponse } from '../support/gateway.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../support/gateway-process.js';
import { rssOf } from './process-memory.js';
import { figure, gatewayExecArgv, type RowOptions, type RowResult } from './row.js';

export interface WebhookIntakeFigures {
  /** Webhooks acknowledged (200, stored) a second by 32 senders. */
  perSecond: number;
  /** Stored webhooks not yet applied (RECEIVED or FAILED) when the last one was acknowledged. */
  backlogAtEnd: number;
  /** From the last acknowledgement until every stored webhook was applied. */
  drainMs: number;
  /** The gateway's RSS after the warm-up (its webhooks acknowledged and applied). */
  rssWarmMiB: number;
  /** The gateway's RSS after `count` more, the larger of when the last was acknowledged and when all were applied. */
  rssEndMiB: number;
  /** Webhooks measured, after the warm-up. */
  count: number;
  /** Webhooks sent (and applied) first, unmeasured. */
  warmUp: number;
}

const SENDERS = 32;
let sequence = 0;

/** A refusing ConfirmResponseList of its own: a new correlation id, about a Fruugo order of its own. */
function callback(): string {
  const id = `bench-${process.pid}-${sequence++}`;
  return confirmResponse(id, id, `refused ${id}`);
}

/** `count` callbacks from 32 senders at once, each answered before its sender posts the next; webhooks a second. */
async function send(origin: string, count: number): Promise<number> {
  const started = performance.now();
  // Timed to the last answer: autocannon notices that its `amount` is done only at its next one-second tick, which
  // made the figure 20,000 ÷ a whole number of seconds (1,816/s, 1,996/s, 2,218/s: 11, 10 and 9 s).
  let lastAnswer = started;
  const result = await autocannon({
    url: `${origin}/webhooks/fruugo`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: FRUUGO_CALLBACK_AUTHORIZATION },
    // autocannon's own `idReplacement` never sends a request (autocannon 8 on Node 20); each body made here instead.
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: callback() }),
        onResponse: () => void (lastAnswer = performance.now()),
      },
    ],
    connections: SENDERS,
    amount: count,
    timeout: 30,
  });
  const seconds = (lastAnswer - started) / 1000;
  const acknowledged = result['2xx'];
  if (acknowledged !== count || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${acknowledged} of ${count} acknowledged (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  }
  return acknowledged / seconds;
}

/** The stored webhooks in `status`, counted page by page (the admin query has no total). */
async function countWebhooks(url: string, status: 'RECEIVED' | 'FAILED', atMost = Number.POSITIVE_INFINITY) {
  let count = 0;
  let after: string | null = null;
  do {
    const response: GraphqlResponse<any> = await postGraphql<any>(
      url,
      `query ($after: String, $status: WebhookEventStatus) {
        webhookEvents(first: 200, after: $after, status: $status) { nodes { id } pageInfo { endCursor } } }`,
      { after, status },
    );
    if (response.errors !== undefined) throw new Error(JSON.stringify(response.errors));
    count += response.data!.webhookEvents.nodes.length;
    after = response.data!.webhookEvents.pageInfo.endCursor;
  } while (after !== null && count < atMost);
  return count;
}

async function backlog(url: string, atMost?: number): Promise<number> {
  return (await countWebhooks(url, 'RECEIVED', atMost)) + (await countWebhooks(url, 'FAILED', atMost));
}

/** Milliseconds until no stored webhook is left unapplied. */
async function drain(url: string): Promise<number> {
  const started = performance.now();
  await eventually(
    'every stored webhook applied',
    async () => ((await backlog(url, 1)) === 0 ? true : undefined),
    300_000,
  );
  return performance.now() - started;
}

export async function measureWebhookIntake({ quick }: { quick: boolean }): Promise<WebhookIntakeFigures> {
  const warmUp = quick ? 1_000 : 2_000;
  const count = quick ? 4_000 : 20_000;
  const [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-webhook-intake-'));
  const gateway = new GatewayProcess(simulatedMarketplacesEnv(dataDir, noon, fruugo, { LOG_LEVEL: 'info' }), {
    execArgv: gatewayExecArgv(),
    // Its log to a file, as a service manager would keep it: a pipe to this busy process would slow it down.
    stdoutFile: join(dataDir, 'gateway.log'),
    // Another build's main.js (main's, built elsewhere), for a before and after in one sitting.
    ...(process.env.BENCH_GATEWAY_ENTRY === undefined ? {} : { entry: process.env.BENCH_GATEWAY_ENTRY }),
  });
  try {
    const origin = await gateway.ready();
    const url = `${origin}/graphql`;
    const pid = gateway.child.pid!;
    await send(origin, warmUp);
    await drain(url);
    const rssWarmMiB = (await rssOf(pid)) / 2 ** 20;
    const perSecond = await send(origin, count);
    const rssSent = (await rssOf(pid)) / 2 ** 20;
    const backlogAtEnd = await backlog(url);
    const drainMs = await drain(url);
    const rssEndMiB = Math.max(rssSent, (await rssOf(pid)) / 2 ** 20);
    return { perSecond, backlogAtEnd, drainMs, rssWarmMiB, rssEndMiB, count, warmUp };
  } finally {
    await gateway.stop('SIGTERM');
    await Promise.all([noon.close(), fruugo.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Rows 4 and 7: the intake rate (with the backlog it leaves) and the RSS over the webhooks. */
export async function measureWebhookRows(options: RowOptions): Promise<RowResult[]> {
  const figures = await measureWebhookIntake(options);
  const growth = figures.rssEndMiB - figures.rssWarmMiB;
  return [
    {
      what: `durable webhook intake (Fruugo callbacks, acknowledged once stored), ${SENDERS} senders`,
      figure: `${figure(figures.perSecond)}/s; backlog at the end ${figure(figures.backlogAtEnd)}, applied ${figure(figures.drainMs)} ms later`,
      baseline: `${figure(figures.count)} webhooks after ${figure(figures.warmUp)} to warm up`,
      ratio: null,
      goal: '≥ 2,000/s, application keeping up',
      met: figures.perSecond >= 2_000 && figures.drainMs < 1_000,
      values: { ...figures },
    },
    {
      what: `RSS over ${figure(figures.count)} webhooks`,
      figure: `${figure(figures.rssWarmMiB)} → ${figure(figures.rssEndMiB)} MiB (+${figure(growth)})`,
      baseline: `${figure(figures.rssWarmMiB)} MiB after warm-up`,
      ratio: null,
      goal: 'flat within 64 MiB after warm-up',
      met: growth <= 64,
      values: { rssWarmMiB: figures.rssWarmMiB, rssEndMiB: figures.rssEndMiB },
    },
  ];
}
