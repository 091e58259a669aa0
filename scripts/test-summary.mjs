// One closing line for the whole suite, from the vitest and Playwright JSON reports.
import fs from 'node:fs';

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
const vitest = read('test-results/vitest-results.json');
const e2e = read('test-results/e2e-results.json');

let passed = 0;
let failed = 0;
let skipped = 0;
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  console.log('vitest wrote no report: counted as a failure');
  failed += 1;
}
// The podman project runs on its own (scripts/test.sh), into its own report.
const podman = read('test-results/vitest-podman-results.json');
if (podman) {
  passed += podman.numPassedTests;
  failed += podman.numFailedTests;
  skipped += podman.numPendingTests + podman.numTodoTests;
}
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
} else {
  console.log('Playwright wrote no report: counted as a failure');
  failed += 1;
}
// Skips that must be seen (dive's archives absent, no Electron binary), repeated above the closing line.
const notices = 'test-results/skip-notices.txt';
if (fs.existsSync(notices)) for (const line of fs.readFileSync(notices, 'utf8').split('\n').filter(Boolean)) console.log(`\n${line}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
