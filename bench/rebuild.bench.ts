/**
 * The mission's express app on the stand-in bases: sizes of the bloated image, the hand-written fix and
 * LayerLens's lean rewrite (target lean / hand-written < 1), and a build through LayerLens against
 * `docker build` of the same Dockerfile and context (target <= 1.05; warm layer cache on both sides, so
 * the figure is LayerLens's own overhead: context tar, upload, progress parsing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildImage } from '../src/core/build/build-image';
import { planOptimization } from '../src/core/dockerfile/optimize-plan';
import { createDockerClient } from '../src/core/engine/docker-client';
import { discoverFromProcess } from '../src/core/engine/discovery';
import { formatBytes } from '../src/shared/format';
import { docker, fixturesDir, removeImage, uniqueTag } from '../test/docker-fixtures';
import type { BenchEntry } from './harness';

const app = path.join(fixturesDir, 'mission-app');
const bases = { runtimeBase: 'layerlens-test/node-slim:18', builderBase: 'layerlens-test/node-full:18' };

async function sizeOf(tag: string): Promise<number> {
  return Number((await docker('image', 'inspect', '-f', '{{.Size}}', tag)).trim());
}

/** The lean Dockerfile and .dockerignore written into a copy of the context, for `docker build` to use. */
function leanContext(): { dir: string; dockerfile: string; plan: ReturnType<typeof planOptimization> } {
  const plan = planOptimization({ contextDir: app, ...bases });
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
    const lean = leanContext();
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

export function rebuildBenchmarks(): BenchEntry[] {
  let lean: ReturnType<typeof leanContext> | undefined;
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
        lean = leanContext();
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
  ];
}
