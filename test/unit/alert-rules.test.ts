import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { z } from 'zod';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { testLogger } from '../support/silent-logger.js';
import { parseYaml, repositoryFile, ROOT } from '../support/container-files.js';
import { seriesProblems } from '../support/promql-series.js';

// ops/alerts.yml against the metrics the gateway exports: an alert on a series nobody exports never fires, and
// Prometheus says nothing about it. What each rule means is tested by promtool, on ops/alerts.test.yml.

const ruleFile = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          alert: z.string(),
          expr: z.string(),
          for: z.string().optional(),
          labels: z.object({ severity: z.enum(['page', 'ticket']) }),
          annotations: z.looseObject({ summary: z.string() }),
        }),
      ),
    }),
  ),
});

describe('ops/alerts.yml', () => {
  const rules = ruleFile.parse(parseYaml(repositoryFile('ops/alerts.yml'))).groups.flatMap((group) => group.rules);
  const { registry } = new GatewayMetrics(testLogger);

  test('reads only series the gateway exports, and matches only on labels they have', () => {
    assert.deepEqual(
      seriesProblems(
        rules.map((rule) => ({ name: rule.alert, expr: rule.expr })),
        registry,
      ),
      [],
    );
  });

  test('the check finds a series renamed, a label it lacks, and a rule that reads nothing', () => {
    assert.deepEqual(
      seriesProblems(
        [
          { name: 'Renamed', expr: 'max by (source) (gateway_webhook_backlog{status="dead"}) > 0' },
          {
            name: 'NoSuchLabel',
            expr: 'sum(rate(gateway_upstream_retries_total{marketplace="NOON", status="5xx"}[5m]))',
          },
          {
            name: 'Buckets',
            expr: 'histogram_quantile(0.99, sum by (le) (rate(gateway_order_event_delivery_lag_seconds_bucket{le="1"}[5m])))',
          },
          { name: 'Nothing', expr: 'vector(1)' },
        ],
        registry,
      ),
      [
        'Renamed reads gateway_webhook_backlog, which the gateway does not export',
        'NoSuchLabel matches gateway_upstream_retries_total on status, a label it does not have',
        'Nothing reads no series',
      ],
    );
  });

  test('every alert has a unique name, a severity and a summary, and the README lists each', () => {
    const names = rules.map((rule) => rule.alert);
    assert.equal(new Set(names).size, names.length, names.join(', '));
    const readme = repositoryFile('README.md');
    for (const name of names) assert.ok(readme.includes(`\`${name}\``), `README names ${name}`);
  });
});

/** Where scripts/install-promtool.sh puts promtool. */
const PROMTOOL = join(ROOT, '.tools/promtool/promtool');

/** promtool's exit code and what it printed. */
async function promtool(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(PROMTOOL, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('ops/alerts.yml under promtool', () => {
  const title = 'each alert fires when its series say so, not before, with its labels and text';
  if (!existsSync(PROMTOOL)) {
    console.log('SKIPPED: promtool is not installed');
    test(title, { skip: 'promtool is not installed: run scripts/install-promtool.sh' }, () => {});
    return;
  }

  test(`is valid, and ${title}`, async () => {
    const ops = join(ROOT, 'ops');
    const checked = await promtool(['check', 'rules', 'alerts.yml'], ops);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /SUCCESS: 10 rules found/);
    const tested = await promtool(['test', 'rules', 'alerts.test.yml'], ops);
    assert.equal(tested.code, 0, tested.output);
    assert.match(tested.output, /SUCCESS/);
  });

  test('a rule that no longer does what its test says fails the test, naming the alert', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alerts-'));
    try {
      const rules = await readFile(join(ROOT, 'ops/alerts.yml'), 'utf8');
      // Waiting 5 minutes for a first attempt no longer alerts.
      await writeFile(
        join(dir, 'alerts.yml'),
        rules.replace('{status="received"}) > 300', '{status="received"}) > 3000'),
      );
      await copyFile(join(ROOT, 'ops/alerts.test.yml'), join(dir, 'alerts.test.yml'));
      const tested = await promtool(['test', 'rules', 'alerts.test.yml'], dir);
      assert.equal(tested.code, 1, tested.output);
      assert.match(tested.output, /alertname: WebhookWaitingTooLong, time: 6m/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
