/**
 * The lean rebuild on the real engine, one shape of real-world project per fixture in
 * test/fixtures/lean-shapes/<shape>/ (a build context on the stand-in bases, and shape.json saying what
 * must happen): the original is built, then `optimize --verify` builds the candidates and lets
 * verification choose. For every shape: the verdict and the chosen candidate; the lean image is smaller;
 * every config difference is explained by a listed change; devDependencies and tokens are measured in the
 * layers and checked again with the docker CLI (an oracle independent of LayerLens).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingImages, docker, fixturesDir, removeImage, removeNewDangling, uniqueTag } from '../../../test/docker-fixtures';
import type { RebuildOutcome } from '../../shared/rebuild';
import { cli } from '../test-cli';

const run = promisify(execFile);
const shapesDir = path.join(fixturesDir, 'lean-shapes');
const slim = 'layerlens-test/node-slim:18';

interface Shape {
  what: string;
  verdict: RebuildOutcome['result']['verdict'];
  chosen?: string;
  mode: 'http' | 'healthcheck' | 'command';
  noDevDependencies?: boolean;
  secretsInOriginal?: boolean;
  explained?: string[];
  verifyEnv?: Record<string, string>;
  summaryMatches?: string;
  notTriedEvidence?: string;
  failedVerify?: string[];
}

const shapes = fs
  .readdirSync(shapesDir)
  .sort()
  .map((name) => [name, JSON.parse(fs.readFileSync(path.join(shapesDir, name, 'shape.json'), 'utf8')) as Shape] as const);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-shapes-'));
const made: string[] = [];
let dangling: Set<string>;

beforeAll(async () => {
  dangling = await danglingImages();
});
afterAll(async () => {
  for (const tag of made) await removeImage(tag);
  await removeNewDangling(dangling);
  fs.rmSync(work, { recursive: true, force: true });
});

/** Whether a path exists in an image, asked of the image itself. */
async function existsIn(image: string, file: string): Promise<boolean> {
  const { stdout } = await run('docker', ['run', '--rm', '--entrypoint', '/bin/sh', image, '-c', `test -e '${file}' && echo yes || echo no`]);
  return stdout.trim() === 'yes';
}

describe('optimize --verify on real-world shapes (stand-in bases)', () => {
  it('covers at least twelve shapes', () => {
    expect(shapes.length).toBeGreaterThanOrEqual(12);
  });

  it.each(shapes)(
    '%s',
    async (name, shape) => {
      const context = path.join(work, name);
      fs.cpSync(path.join(shapesDir, name), context, { recursive: true });
      fs.rmSync(path.join(context, 'shape.json'));
      const original = uniqueTag(`shape-${name}`);
      const lean = `${original}-lean`;
      made.push(original, lean);
      const env = Object.entries(shape.verifyEnv ?? {}).flatMap(([k, v]) => ['--verify-env', `${k}=${v}`]);
      const result = await cli('optimize', context, '--runtime-base', slim, '--tag', original, '--lean-tag', lean, '--verify', '--json', ...env);
      const outcome = JSON.parse(result.out) as RebuildOutcome;
      const summary = `${shape.what}\n${outcome.result.summary}\n${result.err.slice(-2000)}`;
      expect(outcome.result.verdict, summary).toBe(shape.verdict);
      if (shape.chosen) expect(outcome.result.chosen, summary).toBe(shape.chosen);
      const verify = outcome.result.verify ?? outcome.result.attempts.find((a) => a.verify)?.verify;
      expect(verify?.mode, summary).toBe(shape.mode);
      if (shape.summaryMatches) expect(outcome.result.verify?.summary).toContain(shape.summaryMatches);
      if (shape.notTriedEvidence) {
        expect(outcome.result.attempts[0]).toMatchObject({ outcome: 'not-tried', reason: expect.stringContaining(shape.notTriedEvidence) });
      }
      for (const id of shape.failedVerify ?? []) {
        expect(
          outcome.result.attempts.find((a) => a.candidate === id),
          summary,
        ).toMatchObject({ outcome: 'failed-verify' });
      }

      if (shape.verdict === 'lean') {
        expect(result.code, summary).toBe(0);
        const leanImage = outcome.result.lean!;
        expect(leanImage.sizeBytes).toBeLessThan(outcome.result.original.sizeBytes);
        // Sizes as the engine reports them, not as LayerLens says.
        const engineSize = Number((await docker('image', 'inspect', '-f', '{{.Size}}', lean)).trim());
        expect(engineSize).toBe(leanImage.sizeBytes);
        // The config equals the original's but for the listed changes.
        for (const difference of outcome.result.config)
          expect(difference.explainedBy, `${name}: ${difference.field} differs unexplained`).toBeDefined();
        if (shape.explained) expect(outcome.result.config.map((d) => d.field).sort()).toEqual([...shape.explained].sort());
        // The chosen Dockerfile is on disk, beside the original, which is untouched.
        expect(fs.readFileSync(path.join(context, 'Dockerfile.lean'), 'utf8')).toBe(outcome.plan.dockerfile);
        expect(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8')).toBe(fs.readFileSync(path.join(shapesDir, name, 'Dockerfile'), 'utf8'));
      }
      if (shape.noDevDependencies) {
        const devDependencies = Object.keys(
          (JSON.parse(fs.readFileSync(path.join(context, 'package.json'), 'utf8')) as { devDependencies: object }).devDependencies,
        );
        expect(outcome.result.measured?.devDependencies.original).toEqual(expect.arrayContaining(devDependencies));
        expect(outcome.result.measured?.devDependencies.lean).toEqual([]);
        for (const dir of outcome.plan.projectDirs)
          expect(await existsIn(lean, `${dir === '/' ? '' : dir}/node_modules/${devDependencies[0]}`)).toBe(false);
      }
      if (shape.secretsInOriginal) {
        expect(outcome.result.measured?.secrets.original.length).toBeGreaterThan(0);
        expect(outcome.result.measured?.secrets.lean).toEqual([]);
        const history = await docker('history', '--no-trunc', '--format', '{{.CreatedBy}}', lean);
        expect(history).not.toContain('NPM_TOKEN');
        expect(history).not.toContain('local-build-token-123');
        expect(await existsIn(lean, '/app/.npmrc')).toBe(false);
      }
    },
    600_000,
  );

  it('the lean Dockerfile also builds with BuildKit (docker build -f Dockerfile.lean)', async () => {
    const context = path.join(work, 'express-like');
    expect(fs.existsSync(path.join(context, 'Dockerfile.lean'))).toBe(true);
    const tag = uniqueTag('shape-buildkit');
    made.push(tag);
    // Debian's docker CLI (20.10) talks BuildKit to this engine without the buildx plugin.
    const cliPath = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
    await run(cliPath, ['build', '-q', '-f', 'Dockerfile.lean', '-t', tag, '.'], { cwd: context, env: { ...process.env, DOCKER_BUILDKIT: '1' } });
    const { stdout } = await run('docker', ['run', '--rm', '--entrypoint', 'node', tag, '-e', "console.log(require('ms')(60000))"], { cwd: context });
    expect(stdout.trim()).toBe('1m');
  }, 300_000);
});
