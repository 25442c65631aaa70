/**
 * Row 1 of `npm run bench`: `{ __typename }` requests a second through the gateway against a bare Apollo Server 5
 * on Fastify (bench/bare-apollo.ts), each in its own child process, both driven by autocannon from this process
 * with 16 connections. The gateway runs as production would: NODE_ENV=production, an API key on every request,
 * logging at `info` to a file; only the per-caller rate limit is raised (one caller sends here what thousands would).
 * The two servers take turns, so a noisy moment of the machine falls on both; the best turn of each counts.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestGatewayProcess } from '../support/gateway-process.js';
import { figure, type RowOptions, type RowResult, gatewayExecArgv } from './row.js';

const CONNECTIONS = 16;
const GOAL = 0.9;
const KEY = 'bench-typename-key-00000000000000001';
const BODY = JSON.stringify({ query: '{ __typename }' });

/** Requests a second autocannon gets from `url` in `seconds`; fails on any non-2xx answer or error. */
async function requestsPerSecond(url: string, seconds: number, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: BODY,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result.requests.average;
}

/** bench/bare-apollo.js in a child process; resolves with its /graphql URL and a stop. */
async function startBareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./bare-apollo.js', import.meta.url))], {
    env: { NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const address = /listening at (\S+)/.exec(chunk.toString())?.[1];
  if (address === undefined) throw new Error(`bare Apollo Server printed ${chunk.toString()}`);
  child.stdout!.resume();
  return {
    url: `${address}/graphql`,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

export async function measureTypenameRps({ quick }: RowOptions): Promise<RowResult> {
  const seconds = quick ? 3 : 8;
  const turns = quick ? 2 : 3;
  const logs = await mkdtemp(join(tmpdir(), 'bench-typename-'));
  const bare = await startBareApollo();
  const gateway = await startTestGatewayProcess({
    execArgv: gatewayExecArgv(),
    stdoutFile: join(logs, 'gateway.log'),
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      AUTH_API_KEYS: JSON.stringify([{ name: 'bench', key: KEY, roles: ['viewer'] }]),
      RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000000',
    },
  });
  try {
    const auth = { authorization: `Bearer ${KEY}` };
    // Warm-up: the JIT, Apollo's document cache, the connections' first requests.
    await requestsPerSecond(bare.url, 1, {});
    await requestsPerSecond(gateway.url, 1, auth);
    const bareTurns: number[] = [];
    const gatewayTurns: number[] = [];
    for (let turn = 0; turn < turns; turn++) {
      bareTurns.push(await requestsPerSecond(bare.url, seconds, {}));
      gatewayTurns.push(await requestsPerSecond(gateway.url, seconds, auth));
    }
    const baseline = Math.max(...bareTurns);
    const measured = Math.max(...gatewayTurns);
    const ratio = measured / baseline;
    return {
      what: '`{ __typename }` req/s, gateway ÷ bare Apollo Server 5 on Fastify, 16 connections',
      figure: `${figure(measured)} req/s`,
      baseline: `${figure(baseline)} req/s`,
      ratio,
      goal: `≥ ${GOAL.toFixed(2)}`,
      met: ratio >= GOAL,
      values: { gatewayRps: measured, bareRps: baseline, seconds, turns },
    };
  } finally {
    await Promise.all([gateway.close(), bare.stop()]);
    await rm(logs, { recursive: true, force: true });
  }
}
