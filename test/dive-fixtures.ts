/**
 * dive's own image archives (wagoodman/dive `.data/`), for the tests that check LayerLens against dive's
 * published figures. They are not part of this repository: they are found in `LAYERLENS_DIVE_FIXTURES`,
 * by default `../shared/fixtures/dive-archives` beside the clone. When they are absent those tests are
 * skipped, and the run says so in one line (see `diveFixturesNotice`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');

export const diveFixturesDir = path.resolve(repoRoot, process.env.LAYERLENS_DIVE_FIXTURES ?? '../shared/fixtures/dive-archives');

/** The archive that every dive-compatibility test needs; its presence decides for the whole set. */
export const diveFixturesPresent = fs.existsSync(path.join(diveFixturesDir, 'test-docker-image.tar'));

export function diveArchive(name: string): string {
  return path.join(diveFixturesDir, name);
}

/** The one line a run prints when the dive-compatibility tests are skipped, or undefined when they run. */
export function diveFixturesNotice(): string | undefined {
  if (diveFixturesPresent) return undefined;
  return (
    `SKIPPED: the dive-compatibility tests need dive's image archives (test-docker-image.tar, …), not found in ` +
    `${diveFixturesDir}. Put them there or set LAYERLENS_DIVE_FIXTURES to their folder.`
  );
}

/** A describe block that runs only with dive's archives, its name saying why it may be skipped. */
export function describeWithDiveArchives(name: string, body: () => void): void {
  describe.skipIf(!diveFixturesPresent)(`${name} (needs dive's archives)`, body);
}
