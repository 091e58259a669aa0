/**
 * Skips that must not go unnoticed: each is printed loudly where it happens and recorded in
 * test-results/skip-notices.txt, which scripts/test-summary.mjs repeats above the suite's closing line.
 */
import fs from 'node:fs';
import path from 'node:path';

const noticesFile = path.resolve(import.meta.dirname, '../test-results/skip-notices.txt');

export function recordSkipNotice(notice: string): void {
  console.warn(`\n*** ${notice} ***\n`);
  fs.mkdirSync(path.dirname(noticesFile), { recursive: true });
  const known = fs.existsSync(noticesFile) ? fs.readFileSync(noticesFile, 'utf8').split('\n') : [];
  if (!known.includes(notice)) fs.appendFileSync(noticesFile, `${notice}\n`);
}
