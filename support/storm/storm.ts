import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startIncreffSandbox } from '../../sandbox/increff/index.js';
import { startMarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { startNoonSandbox } from '../../sandbox/noon/index.js';
import { seededRandom } from '../../sandbox/noon/random.js';
import { increffChannel, noonDestination, webhookUrl } from '../../sandbox/start.js';
import { eventually } from '../eventually.js';
import {
  FRUUGO_WEBHOOK_SECRET,
  INCREFF_WEBHOOK_TOKEN,
  MARKETPLACER_WEBHOOK_SECRET,
  NOON_WEBHOOK_HEADERS,
} from '../gateway.js';
import { allMarketplacesEnv, type MarketplaceSimulators } from '../gateway-process.js';
import { RestartingGateway } from './restarting-gateway.js';
import { StormSenders } from './senders.js';
import {
  fruugoStory,
  increffStory,
  marketplacerStory,
  noonStory,
  pushedToIncreff,
  type MarketplaceStory,
} from './stories.js';
import { startWebhookTap } from './tap.js';
import { judge, type StormVerdict } from './verdict.js';

export interface StormOptions {
  /** Seeds every random choice of the storm (the marketplaces' steps, when each kill comes), so a failure can be rerun. */
  seed: string;
  /** SIGKILLs of the gateway, each followed by a restart on the same store. */
  kills: number;
  /** Webhooks the four marketplaces make together, at least (the storm goes on until the kills are done too). */
  webhooks: number;
  /** The store: empty for the embedded file in the storm's DATA_DIR; `MONGODB_URI` for MongoDB. */
  storeEnv?: Record<string, string>;
  /** Where progress is told (the seed first); nothing by default. */
  log?: (line: string) => void;
}

export interface StormReport extends StormVerdict {
  seed: string;
  kills: number;
  /** Webhooks the marketplaces made, each delivered until acknowledged. */
  sent: number;
  /** HTTP requests it took. */
  attempts: number;
  acknowledged: number;
  /** Each restart's downtime, from the SIGKILL to the new process's ready banner (ms). */
  downtimesMs: number[];
  /** Wall time from the first step to the verdict. */
  durationMs: number;
}

/** Senders in all, shared equally by the four sources. */
const SENDERS = 16;
/** A source's webhooks waiting for a sender before its marketplace pauses: the storm is about kills, not a backlog. */
const BACKLOG = 8;
/**
 * A kill comes after a random number of acknowledgements, half to one and a half times an even share of the webhooks
 * (so the kills are spread over the whole storm), and then a random moment below `KILL_JITTER_MS`.
 */
const KILL_JITTER_MS = 40;
/** How long the sweep may take, once the senders are done, to apply what a kill left unapplied. */
const SETTLE_MS = 60_000;
/**
 * The longest any step of the storm may take: a marketplace's webhook follows its change within milliseconds, a
 * sender takes the next one as soon as it is free, the acknowledgements before a kill come within seconds.
 */
const STEP_MS = 60_000;

/** Simulators that answer at once, never rate-limit and hand their webhooks over at once. */
async function startSimulators(): Promise<MarketplaceSimulators> {
  const traffic = { ratePerMinute: 1_000_000 };
  const [noon, fruugo, increff, marketplacer] = await Promise.all([
    startNoonSandbox({ ...traffic, notificationDelayMs: 1 }),
    startFruugoSandbox({ ...traffic, orderCount: 1, callbackDelayMs: 1 }),
    startIncreffSandbox({ ...traffic, channelDelayMs: 1 }),
    startMarketplacerSandbox({ ...traffic, invoices: 1 }),
  ]);
  return { noon, fruugo, increff, marketplacer };
}

/** Points every simulator's webhooks at `origin`, with the credentials the gateway expects, as a user would. */
function connect({ noon, fruugo, increff, marketplacer }: MarketplaceSimulators, origin: string): void {
  noon.control.createDestination(noonDestination(origin, NOON_WEBHOOK_HEADERS));
  fruugo.control.setWebhookUrl(webhookUrl(origin, 'fruugo', FRUUGO_WEBHOOK_SECRET));
  increff.control.connectChannel(increffChannel(origin, INCREFF_WEBHOOK_TOKEN));
  // Orders only: the storm is about order events (Variant and Advert webhooks announce stock).
  marketplacer.control.setWebhook({
    url: `${origin}/webhooks/marketplacer`,
    hmacKey: MARKETPLACER_WEBHOOK_SECRET,
    types: ['Invoice', 'Shipment'],
  });
}

/** Whether every simulator has handed every webhook it made to the tap. */
function handedOver({ noon, fruugo, increff, marketplacer }: MarketplaceSimulators): boolean {
  return [
    noon.control.notifications(),
    fruugo.control.callbacks(),
    increff.control.channelCalls(),
    marketplacer.control.webhookDeliveries(),
  ].every((deliveries) => deliveries.every((delivery) => delivery.state === 'delivered'));
}

/**
 * A SIGKILL storm: one gateway process in front of simulators of all four marketplaces, 16 senders delivering the
 * webhooks the marketplaces make (each until it is acknowledged), and the gateway killed `kills` times at random
 * moments and started again on the same store while they go on. Then, the senders done and the gateway up, what
 * it stored and announced is judged (see StormVerdict). Everything it started is stopped before it resolves.
 */
export async function runStorm(options: StormOptions): Promise<StormReport> {
  const log = options.log ?? (() => undefined);
  log(`storm seed ${options.seed} (rerun with STORM_SEED=${options.seed})`);
  // One sequence per use, so each marketplace's steps and the kills' schedule come out the same for a seed, however
  // the work interleaves.
  const randomOf = (use: string) => seededRandom(`${options.seed}/${use}`);
  const simulators = await startSimulators();
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-storm-'));
  let gateway: RestartingGateway | undefined;
  let senders: StormSenders | undefined;
  let tap: Awaited<ReturnType<typeof startWebhookTap>> | undefined;
  let stormOver = false;
  let producing: Array<Promise<void>> = [];
  /** The first step that failed (a simulator refused a change): it ends the storm at once. */
  let stepFailure: unknown;
  try {
    gateway = await RestartingGateway.start(
      allMarketplacesEnv(dataDir, simulators, {
        // The verdict asks whether anything is left to apply every 25 ms for up to SETTLE_MS, as one anonymous caller:
        // more operations a minute than RATE_LIMIT_REQUESTS_PER_MINUTE's default lets one caller send.
        RATE_LIMIT_REQUESTS_PER_MINUTE: '100000',
        ...options.storeEnv,
      }),
    );
    const origin = gateway.origin;
    senders = new StormSenders({
      perSource: SENDERS / 4,
      origin: () => origin,
      attemptTimeoutMs: 10_000,
      retryBaseMs: 10,
      retryMaxMs: 250,
    });
    const pool = senders;
    tap = await startWebhookTap((webhook) => pool.send(webhook));
    connect(simulators, tap.origin);

    // Increff's orders are the gateway's own pushes; about three webhooks each (pack, label, handover).
    const pushed = await pushedToIncreff(`${origin}/graphql`, simulators, Math.ceil(options.webhooks / 4 / 3) + 1);
    const stories: MarketplaceStory[] = [
      noonStory(simulators),
      fruugoStory(simulators),
      increffStory(simulators, pushed),
      await marketplacerStory(simulators),
    ];
    const started = performance.now();
    // Each marketplace makes one change at a time and waits for its webhook, and pauses while its senders are behind.
    const produce = async ({ source, step }: MarketplaceStory) => {
      const random = randomOf(source);
      while (!stormOver) {
        await pool.until(`room in the ${source} backlog`, () => pool.backlog(source) < BACKLOG, STEP_MS);
        const made = pool.made(source);
        if (stormOver || !(await step(random))) return;
        await pool.until(`the ${source} webhook of a change`, () => pool.made(source) > made, STEP_MS);
      }
    };
    producing = stories.map((story) =>
      produce(story).catch((error: unknown) => {
        stepFailure ??= error;
        void pool.stop(); // every wait of the storm ends, failing
      }),
    );

    const restarting = gateway;
    const random = randomOf('kills');
    for (let kill = 1; kill <= options.kills; kill++) {
      const share = options.webhooks / (options.kills + 1);
      const due = pool.acknowledged() + Math.round(share * (0.5 + random()));
      await pool.until(`${due} webhooks acknowledged before kill ${kill}`, () => pool.acknowledged() >= due, STEP_MS);
      await sleep(random() * KILL_JITTER_MS); // the moment of the kill is the point: anywhere in the work under way
      await restarting.killAndRestart();
      log(`kill ${kill}: ${pool.acknowledged()} of ${pool.deliveries.length} webhooks acknowledged so far`);
    }
    await pool.until(`${options.webhooks} webhooks made`, () => pool.deliveries.length >= options.webhooks, STEP_MS);
    stormOver = true;
    await Promise.all(producing);
    await eventually(
      'every webhook made handed to the senders',
      async () => (handedOver(simulators) ? true : undefined),
      STEP_MS,
    );
    await pool.until('every webhook acknowledged', () => pool.settled(), STEP_MS);
    await pool.stop();

    const verdict = await judge(origin, pool.deliveries, `storm-end-${options.seed}`, SETTLE_MS);
    return {
      seed: options.seed,
      kills: restarting.kills,
      sent: pool.deliveries.length,
      attempts: pool.deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0),
      acknowledged: pool.acknowledged(),
      downtimesMs: restarting.downtimesMs,
      durationMs: performance.now() - started,
      ...verdict,
    };
  } catch (error) {
    throw stepFailure ?? error;
  } finally {
    stormOver = true;
    await senders?.stop();
    await Promise.all(producing);
    await gateway?.stop('SIGKILL');
    await tap?.close();
    await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The report's figures in one line, and what went wrong, if anything, a line each (at most 10 per kind). */
export function describeStorm(report: StormReport): string {
  const byMarketplace = Object.entries(report.eventsByMarketplace)
    .map(([marketplace, count]) => `${marketplace} ${count}`)
    .join(', ');
  const lines = [
    `storm seed ${report.seed}: ${report.kills} kills, ${report.sent} webhooks sent in ${report.attempts} requests, ` +
      `${report.acknowledged} acknowledged, ${report.stored} stored, ${report.events} order events (${byMarketplace}); ` +
      `${report.lost.length} lost, ${report.announcedTwice.length} announced twice, ${report.stuck.length} stuck, ` +
      `${report.storedTwice.length} stored twice, ${report.refused.length} refused, ${report.disagreeing.length} orders disagreeing; ` +
      `${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  const kinds = ['lost', 'announcedTwice', 'stuck', 'storedTwice', 'refused', 'disagreeing'] as const;
  for (const kind of kinds)
    for (const entry of report[kind].slice(0, 10)) lines.push(`  ${kind}: ${entry.slice(0, 300)}`);
  return lines.join('\n');
}
