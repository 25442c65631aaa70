import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { repositoryFile } from '../support/container-files.js';
import { seriesProblems } from '../support/promql-series.js';
import { testLogger } from '../support/silent-logger.js';

// ops/grafana-dashboard.json, what an operator imports into Grafana: its panels query series the gateway exports.

const dashboard = z.object({
  uid: z.string(),
  title: z.string(),
  panels: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      description: z.string().min(1),
      gridPos: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
      targets: z.array(z.object({ refId: z.string(), expr: z.string(), legendFormat: z.string() })).min(1),
    }),
  ),
});

describe('ops/grafana-dashboard.json', () => {
  const { panels } = dashboard.parse(JSON.parse(repositoryFile('ops/grafana-dashboard.json')));

  test('every panel queries series the gateway exports, on labels they have', () => {
    const { registry } = new GatewayMetrics(testLogger);
    const queries = panels.flatMap((panel) =>
      panel.targets.map((target) => ({ name: `${panel.title} (${target.refId})`, expr: target.expr })),
    );
    assert.deepEqual(seriesProblems(queries, registry), []);
  });

  test('panels have ids of their own and lie side by side on Grafana’s 24-column grid, none over another', () => {
    assert.equal(new Set(panels.map((panel) => panel.id)).size, panels.length);
    const cells = new Map<string, string>();
    for (const { title, gridPos } of panels) {
      assert.ok(gridPos.x >= 0 && gridPos.x + gridPos.w <= 24, `${title} within the grid`);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          const taken = cells.get(`${x},${y}`);
          assert.equal(taken, undefined, `${title} lies over ${taken}`);
          cells.set(`${x},${y}`, title);
        }
      }
    }
  });
});
