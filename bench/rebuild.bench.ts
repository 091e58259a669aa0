/**
 * The mission's express app on the stand-in bases: sizes of the bloated image, the hand-written fix and
 * LayerLens's lean rewrite (target lean / hand-written < 1); a build through LayerLens against
 * `docker build` of the same Dockerfile and context (target <= 1.05; warm layer cache on both sides, so
 * the figure is LayerLens's own overhead: context tar, upload, progress parsing); and the verification of
 * an HTTP app once both images exist (target <= 10 s, against `docker run` + one request as baseline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildImage } from '../src/core/build/build-image';
import { verifyImages } from '../src/core/build/verify-images';
import { planOptimization } from '../src/core/dockerfile/optimize-plan';
import { createDockerClient } from '../src/core/engine/docker-client';
import { discoverFromProcess } from '../src/core/engine/discovery';
import { formatBytes } from '../src/shared/format';
import { docker, fixturesDir, removeImage, uniqueTag } from '../test/docker-fixtures';
import { median, type Benchmark, type BenchEntry } from './harness';

const app = path.join(fixturesDir, 'mission-app');
const bases = { runtimeBase: 'layerlens-test/node-slim:18' };

async function sizeOf(tag: string): Promise<number> {
  return Number((await docker('image', 'inspect', '-f', '{{.Size}}', tag)).trim());
}

/** The lean Dockerfile and .dockerignore written into a copy of the context, for `docker build` to use. */
interface LeanContext {
  dir: string;
  dockerfile: string;
  plan: Awaited<ReturnType<typeof planOptimization>>;
}

async function leanContext(): Promise<LeanContext> {
  const plan = await planOptimization({ contextDir: app, runtimeBase: bases.runtimeBase });
  if (plan.dockerfile === null) throw new Error(`The mission app got no rewrite: ${plan.messages.join(' ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-lean-'));
  fs.cpSync(app, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile.lean'), plan.dockerfile);
  if (plan.dockerignore) fs.writeFileSync(path.join(dir, '.dockerignore'), plan.dockerignore.merged);
  return { dir, dockerfile: 'Dockerfile.lean', plan };
}

const sizesProbe = {
  name: 'rebuild sizes',
  description: 'mission app: bloated vs hand-written fix vs LayerLens lean, on the stand-in bases (target lean/fix < 1)',
  run: async () => {
    const tags = { bloated: uniqueTag('bench-mission'), handfix: uniqueTag('bench-handfix'), lean: uniqueTag('bench-lean') };
    const lean = await leanContext();
    try {
      await docker('build', '-q', '-t', tags.bloated, app);
      await docker('build', '-q', '-t', tags.handfix, '-f', path.join(app, 'Dockerfile.handfix'), app);
      await docker('build', '-q', '-t', tags.lean, '-f', path.join(lean.dir, lean.dockerfile), lean.dir);
      const [bloated, handfix, leanSize] = [await sizeOf(tags.bloated), await sizeOf(tags.handfix), await sizeOf(tags.lean)];
      const ratio = leanSize / handfix;
      return (
        `bloated ${formatBytes(bloated)}, hand-written fix ${formatBytes(handfix)}, LayerLens lean ${formatBytes(leanSize)} ` +
        `-> lean/fix ratio ${ratio.toFixed(3)} ${ratio < 1 ? 'MET' : 'MISSED'} (target < 1); ` +
        `lean/bloated ${(leanSize / bloated).toFixed(3)}`
      );
    } finally {
      for (const tag of Object.values(tags)) await removeImage(tag);
      fs.rmSync(lean.dir, { recursive: true, force: true });
    }
  },
};

/** Starts both images with the docker CLI, waits for an answer on / and stops them: what a person would do by hand. */
async function handVerification(original: string, lean: string): Promise<void> {
  const ids: string[] = [];
  try {
    for (const image of [original, lean]) ids.push((await docker('run', '-d', '-p', '127.0.0.1::3000', image)).trim());
    for (const id of ids) {
      const port = (await docker('port', id, '3000/tcp')).trim().split(':').pop();
      for (let tries = 0; ; tries++) {
        try {
          await (await fetch(`http://127.0.0.1:${port}/`)).text();
          break;
        } catch {
          if (tries > 300) throw new Error('no answer');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  } finally {
    for (const id of ids) await docker('rm', '-f', id).catch(() => undefined);
  }
}

function verificationBenchmark(): Benchmark {
  const tags = { original: uniqueTag('bench-verify'), lean: uniqueTag('bench-verify-lean') };
  const engine = createDockerClient(discoverFromProcess());
  let lean: LeanContext | undefined;
  return {
    name: 'rebuild verification',
    description: 'verifying the lean mission app against the original once both exist (target <= 10 s), beside starting both by hand',
    iterations: 3,
    setup: async () => {
      lean = await leanContext();
      await docker('build', '-q', '-t', tags.original, app);
      await docker('build', '-q', '-t', tags.lean, '-f', path.join(lean.dir, lean.dockerfile), lean.dir);
    },
    teardown: async () => {
      for (const tag of Object.values(tags)) await removeImage(tag);
      if (lean) fs.rmSync(lean.dir, { recursive: true, force: true });
    },
    baseline: { label: 'docker run both + GET /', run: () => handVerification(tags.original, tags.lean) },
    candidate: {
      label: 'LayerLens verifyImages()',
      run: async () => {
        const started = Date.now();
        const result = await verifyImages(engine, { original: tags.original, lean: tags.lean });
        if (!result.passed) throw new Error(`verification failed: ${result.summary}`);
        verificationTimes.push(Date.now() - started);
      },
    },
  };
}

/** Wall times of the verifications above, for the absolute 10 s target printed after the ratio. */
const verificationTimes: number[] = [];

export function verificationTimeProbe(): string {
  const ms = median(verificationTimes);
  return `rebuild verification: median ${(ms / 1000).toFixed(1)} s once both images exist -> target <= 10 s ${ms <= 10_000 ? 'MET' : 'MISSED'}`;
}

export function rebuildBenchmarks(): BenchEntry[] {
  let lean: LeanContext | undefined;
  const dockerTag = uniqueTag('bench-build');
  const engine = createDockerClient(discoverFromProcess());
  return [
    sizesProbe,
    {
      name: 'rebuild build time',
      description: 'building the lean Dockerfile through LayerLens vs `docker build` (warm cache on both sides)',
      iterations: 5,
      targetRatio: 1.05,
      setup: async () => {
        lean = await leanContext();
      },
      teardown: async () => {
        await removeImage(dockerTag);
        if (lean) fs.rmSync(lean.dir, { recursive: true, force: true });
      },
      baseline: {
        label: '`docker build`',
        run: () => docker('build', '-q', '-t', dockerTag, '-f', path.join(lean!.dir, lean!.dockerfile), lean!.dir),
      },
      candidate: {
        label: 'LayerLens buildImage()',
        run: () => buildImage(engine, { contextDir: lean!.dir, dockerfile: lean!.dockerfile }),
      },
    },
    verificationBenchmark(),
    {
      name: 'rebuild verification time',
      description: 'the verification above in seconds (target <= 10 s)',
      run: async () => verificationTimeProbe(),
    },
  ];
}
