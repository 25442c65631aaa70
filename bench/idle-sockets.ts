/**
 * Row 6 of `npm run bench`: what an idle graphql-ws connection costs the gateway. The gateway runs in a child
 * process (development defaults, every simulator in this one) with the socket limits raised to hold them all;
 * this process opens the sockets, each acknowledged and then silent, and reads the child's RSS (/proc) before and
 * after, each once the process has settled. The baseline is the RSS before, with the gateway warmed up by a
 * hundred connections opened and closed (more would leave freed heap behind for the measured ones to reuse).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { startTestGatewayProcess } from '../support/gateway-process.js';
import { ackedSocket, closeAll } from './bare-socket.js';
import { rssOf } from './process-memory.js';
import { figure, type RowOptions, type RowResult, gatewayExecArgv } from './row.js';

const GOAL_KB = 10;
/** Sockets opened at once: the gateway's accept queue and this process both stay unhurried. */
const BATCH = 200;

/** The RSS once it has stopped moving: sampled until two readings a second apart differ by under 1 %. */
async function settledRss(pid: number): Promise<number> {
  let before = await rssOf(pid);
  for (let i = 0; i < 10; i++) {
    await sleep(1000);
    const now = await rssOf(pid);
    if (Math.abs(now - before) < before / 100) return now;
    before = now;
  }
  return before;
}

async function openSockets(url: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  while (sockets.length < count) {
    const batch = Math.min(BATCH, count - sockets.length);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => ackedSocket(url)))));
  }
  return sockets;
}

export async function measureIdleSockets({ quick }: RowOptions): Promise<RowResult> {
  const count = quick ? 2_000 : 10_000;
  const gw = await startTestGatewayProcess({
    execArgv: gatewayExecArgv(),
    env: {
      WEBSOCKETS_MAX: String(count),
      WEBSOCKETS_PER_CALLER: String(count),
      RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    },
  });
  const pid = gw.process.child.pid!;
  let sockets: WebSocket[] = [];
  try {
    await closeAll(await openSockets(gw.url, 100)); // warm-up: code paths and buffers of a first connection
    const before = await settledRss(pid);
    sockets = await openSockets(gw.url, count);
    const after = await settledRss(pid);
    const perSocket = (after - before) / count;
    return {
      what: `memory per idle graphql-ws connection (${figure(count)} on one instance)`,
      figure: `${figure(perSocket / 1024, 1)} KB (RSS +${figure((after - before) / 2 ** 20, 1)} MiB)`,
      baseline: `RSS ${figure(before / 2 ** 20, 1)} MiB before`,
      ratio: null,
      goal: `≤ ${GOAL_KB} KB, 10,000 connections`,
      met: perSocket <= GOAL_KB * 1024 && count >= 10_000,
      values: { sockets: count, rssBefore: before, rssAfter: after, bytesPerSocket: perSocket },
      ...(count < 10_000 ? { note: `--quick holds ${figure(count)} sockets; the goal is met only with 10,000` } : {}),
    };
  } finally {
    await closeAll(sockets);
    await gw.close();
  }
}
