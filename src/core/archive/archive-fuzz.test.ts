/**
 * The archive readers under a bounded-time mutation fuzz (test/fuzz): whatever the bytes, a read ends in
 * an image or a LayerLensError, never another exception and never a hang. About 5 s by default;
 * LAYERLENS_FUZZ_MS runs longer, a failure prints the case seed to replay (see test/fuzz/engine.ts).
 * `npm run bench fuzz` runs a minute of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveTargets, type ArchiveTargets } from '../../../test/fuzz/archive-targets';
import { formatReport, fuzz, fuzzOptions } from '../../../test/fuzz/engine';

const options = fuzzOptions(5_000);
let fixtures: ArchiveTargets;
beforeAll(async () => {
  fixtures = await archiveTargets();
});
afterAll(async () => {
  await fixtures.dispose();
});

describe('archive readers under fuzzing', () => {
  it(
    'end every mutated archive in an image or a LayerLensError, in bounded time',
    async () => {
      const report = await fuzz(fixtures.targets, options);
      console.log(formatReport(report));
      expect(report.cases).toBeGreaterThan(0);
    },
    options.ms + 30_000,
  );
});
