/**
 * The lean rebuild's Dockerfile parsing and planning under a bounded-time mutation fuzz (test/fuzz): any
 * text ends in a plan or a LayerLensError (INVALID_DOCKERFILE, INVALID_ARGUMENT), never another exception,
 * quickly. About 5 s by default; LAYERLENS_FUZZ_MS runs longer, a failure prints the case seed to replay.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerfileTargets, type DockerfileTargets } from '../../../test/fuzz/dockerfile-targets';
import { formatReport, fuzz, fuzzOptions } from '../../../test/fuzz/engine';
import { tempDir } from '../archive/test-support';
import { planOptimization } from './optimize-plan';

const options = fuzzOptions(5_000);
let fixtures: DockerfileTargets;
beforeAll(async () => {
  fixtures = await dockerfileTargets();
});
afterAll(async () => {
  await fixtures.dispose();
});

describe('Dockerfile parsing and planning under fuzzing', () => {
  it(
    'end every mutated Dockerfile in a plan or a LayerLensError, in bounded time',
    async () => {
      const report = await fuzz(fixtures.targets, options);
      console.log(formatReport(report));
      expect(report.cases).toBeGreaterThan(0);
    },
    options.ms + 30_000,
  );
});

describe('Dockerfiles the fuzzing found crashes with', () => {
  it.each([
    ['a COPY source that is not a valid pattern', 'COPY [ .'],
    ['a COPY source with a NUL character', 'COPY serv\0er.js .'],
  ])('plans one with %s copied into / (Docker would refuse it at build time) without a crash', async (_name, copy) => {
    const context = await tempDir('layerlens-fuzz-found-');
    try {
      await fs.writeFile(path.join(context, 'package.json'), JSON.stringify({ name: 'app', scripts: { start: 'node server.js' } }));
      await fs.writeFile(path.join(context, 'server.js'), 'console.log(1)\n');
      await fs.writeFile(path.join(context, 'Dockerfile'), `FROM node:20\n${copy}\nRUN npm install\nCMD ["node", "server.js"]\n`);
      expect((await planOptimization({ contextDir: context })).kind).toBeTruthy();
    } finally {
      await fs.rm(context, { recursive: true, force: true });
    }
  });
});
