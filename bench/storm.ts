/**
 * `npm run bench:storm`: issue 12's SIGKILL storm, long: a gateway process (embedded store) killed 25 times at random
 * moments while 16 senders deliver 4,000 webhooks of all four marketplaces, each until it is acknowledged. Prints
 * the seed first (STORM_SEED reruns it), the figures, and what went wrong; exits 1 when anything was lost, announced
 * twice or left stuck. `npm test` runs the short one (test/gateway/storm.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { describeStorm, runStorm } from '../support/storm/storm.js';
import { percentile } from './measure.js';

const KILLS = 25;
const WEBHOOKS = 4000;

const report = await runStorm({
  seed: process.env.STORM_SEED ?? randomBytes(4).toString('hex'),
  kills: KILLS,
  webhooks: WEBHOOKS,
  log: (line) => console.log(line),
});
console.log(`\n${describeStorm(report)}`);
const seconds = report.durationMs / 1000;
console.log(`acknowledged per second, kills and restarts included: ${(report.acknowledged / seconds).toFixed(0)}`);
console.log(`requests per webhook (retries while the gateway was down): ${(report.attempts / report.sent).toFixed(2)}`);
console.log(`order events per webhook: ${(report.events / report.sent).toFixed(2)}`);
const downtimes = [...report.downtimesMs].sort((a, b) => a - b);
console.log(
  `downtime per kill (SIGKILL to ready): p50 ${(percentile(downtimes, 50) / 1000).toFixed(2)} s, ` +
    `max ${(downtimes.at(-1)! / 1000).toFixed(2)} s; ${((downtimes.reduce((sum, ms) => sum + ms, 0) / report.durationMs) * 100).toFixed(0)}% of the run`,
);
const failures = [
  report.lost,
  report.announcedTwice,
  report.stuck,
  report.storedTwice,
  report.refused,
  report.disagreeing,
];
if (failures.some((list) => list.length > 0) || report.acknowledged !== report.sent) process.exitCode = 1;
