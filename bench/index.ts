/**
 * `npm run bench`: every row of issue 14's table, each against its baseline measured in the same run, printed as one
 * table and written to bench/results.json (not committed) for tracking. `--quick` scales each row down (under two
 * minutes in all) and leaves out the rows that cannot be quick. Rows run one after another, each starting what it
 * needs and stopping it, so none measures another's load. Prints and writes; asserts nothing (speed is not a test).
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureEventDelivery } from './event-delivery.js';
import { measureIdleSockets } from './idle-sockets.js';
import { measureNoonBurst } from './noon-burst.js';
import { measureOrdersFanOut } from './orders-fan-out.js';
import type { RowOptions, RowResult } from './row.js';
import { measureTypenameRps } from './typename-rps.js';
import { measureWebhookRows } from './webhook-intake.js';

interface Row {
  name: string;
  measure(options: RowOptions): Promise<RowResult | RowResult[]>;
  /** Why `--quick` leaves it out; undefined when it runs there too. */
  notQuick?: string;
}

const ROWS: Row[] = [
  { name: 'typename-rps', measure: measureTypenameRps },
  { name: 'orders-fan-out', measure: measureOrdersFanOut },
  { name: 'webhook-intake', measure: measureWebhookRows },
  { name: 'event-delivery', measure: measureEventDelivery },
  { name: 'idle-sockets', measure: measureIdleSockets },
  { name: 'noon-burst', measure: measureNoonBurst, notQuick: 'it spans two of noon’s one-minute windows' },
];

const RESULTS = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

/** The table, one line per row, in Markdown (so bench/README.md and the README can take it as it is). */
function table(results: RowResult[]): string {
  const lines = [
    '| what | figure | baseline (same run) | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (row) =>
        `| ${row.what} | ${row.figure} | ${row.baseline} | ${row.ratio === null ? '—' : row.ratio.toFixed(2)} | ${row.goal} | ${row.met ? 'yes' : 'no'} |`,
    ),
  ];
  return lines.join('\n');
}

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const results: RowResult[] = [];
const failures: string[] = [];
const started = performance.now();
for (const row of ROWS) {
  if (only.length > 0 && !only.includes(row.name)) continue;
  if (quick && row.notQuick !== undefined) {
    console.log(`${row.name}: left out of --quick (${row.notQuick})`);
    continue;
  }
  const rowStarted = performance.now();
  try {
    const measured = await row.measure({ quick });
    for (const result of [measured].flat()) {
      results.push(result);
      console.log(
        `${row.name}: ${result.figure} against ${result.baseline} (goal ${result.goal}: ${result.met ? 'met' : 'not met'})`,
      );
    }
  } catch (error) {
    failures.push(row.name);
    console.error(`${row.name}: could not be measured:`, error);
  }
  console.log(`  (${((performance.now() - rowStarted) / 1000).toFixed(0)} s)`);
}
console.log(`\n${table(results)}\n`);
for (const note of results.filter((row) => row.note)) console.log(`${note.what}: ${note.note}`);
await writeFile(
  RESULTS,
  `${JSON.stringify({ at: new Date().toISOString(), quick, seconds: (performance.now() - started) / 1000, results }, null, 2)}\n`,
);
console.log(`written to bench/results.json (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
if (failures.length > 0) {
  console.error(`not measured: ${failures.join(', ')}`);
  process.exitCode = 1;
}
