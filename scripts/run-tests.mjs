// Runs every compiled test file (dist/test/**/*.test.js) with Node's test runner.
// Node 20's runner takes no glob, and pointing it at the directory would also run the helpers under
// dist/test/support as test files, so the list is gathered here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = testFiles('dist/test')
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=4', '--test-timeout=120000', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
