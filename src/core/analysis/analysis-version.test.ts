/**
 * Stored analyses are served by `analysisVersion`: code that changes results under the same version would
 * serve stale ones. So the version is pinned to the analysis code (every module the analysis runs): a change
 * fails here until the version is bumped and both are pinned again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisVersion } from './analyze';

const core = path.resolve(import.meta.dirname, '..');
/** What decides an analysis: its own folder, and what the layer indexer keeps for it. */
const inputs = ['analysis', 'archive/captured-files.ts'];

function sources(entry: string): string[] {
  const full = path.join(core, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('testing'))
    .map((name) => path.join(full, name));
}

function sourcesDigest(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(sources).sort()) {
    hash.update(path.relative(core, file)).update('\0').update(fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

describe('analysisVersion', () => {
  it('is bumped whenever the analysis code changes', () => {
    const pinned = { analysisVersion: 'analysis-8', sources: 'f4ca44d4b294d3e7' };
    expect(
      { analysisVersion, sources: sourcesDigest() },
      'The analysis code changed: bump analysisVersion in analyze.ts (stored analyses of the old code would be served), then pin both here.',
    ).toEqual(pinned);
  });
});
