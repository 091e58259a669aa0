/**
 * The analysis engine against its floors, on the ~1.4 GB node-full stand-in:
 * - cold analysis from the engine vs `docker save IMAGE > /dev/null` (target ratio <= 1.15);
 * - peak RSS <= 300 MB, and no growth with layer size (a 2 GB single-file layer vs a 2 MB one);
 * - a second analysis (cache hit) <= 200 ms, next to `docker image inspect` (one API call) as baseline.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLayerLensCore } from '../src/core/api/layerlens-core';
import { LayerIndexCache } from '../src/core/archive/layer-cache';
import { formatBytes } from '../src/shared/format';
import { docker, removeImage, uniqueTag } from '../test/docker-fixtures';
import { median, type BenchEntry } from './harness';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const image = process.env.LAYERLENS_BENCH_IMAGE ?? 'layerlens-test/node-full:18';
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

async function analyseCold(): Promise<void> {
  const cacheDir = tempDir('layerlens-bench-cold-');
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir });
  try {
    await core.analyzeImage({ kind: 'engine', ref: image });
  } finally {
    core.close();
    // The cache is written after the result: wait for it, then remove the folder.
    await new LayerIndexCache({ dir: cacheDir }).flush();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function peakRss(ref: string): Promise<number> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', path.join(root, 'bench/rss-probe.ts'), ref], {
    cwd: root,
  });
  return Number(stdout.trim());
}

/** An image whose last layer is one file of `bytes` zero bytes, under a unique test tag. */
async function singleFileImage(bytes: number): Promise<string> {
  const tag = uniqueTag('bench-single-file');
  const dir = tempDir('layerlens-bench-ctx-');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM layerlens-test/debian:bookworm\nRUN head -c ${bytes} /dev/zero > /big.bin\n`);
  try {
    await docker('build', '-q', '-t', tag, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return tag;
}

const memoryProbe = {
  name: 'analysis memory',
  description: `peak RSS analysing ${image}, and a 2 GB single-file layer vs a 2 MB one (targets: <= 300 MB, no growth)`,
  run: async () => {
    const full = await peakRss(image);
    const small = await singleFileImage(2_000_000);
    const large = await singleFileImage(2_000_000_000);
    try {
      const [smallRss, largeRss] = [await peakRss(small), await peakRss(large)];
      const growth = largeRss / smallRss;
      return [
        `${image}: peak RSS ${formatBytes(full)} -> ${full <= 300e6 ? 'MET' : 'MISSED'} (target <= 300 MB)`,
        `2 MB layer ${formatBytes(smallRss)} vs 2 GB layer ${formatBytes(largeRss)} -> ratio ${growth.toFixed(2)} ` +
          `${growth <= 1.1 ? 'MET' : 'MISSED'} (target: no growth, <= 1.10)`,
      ].join('\n');
    } finally {
      await removeImage(small);
      await removeImage(large);
    }
  },
};

const cacheHitProbe = {
  name: 'analysis cache hit',
  description: `second analysis of ${image} (target <= 200 ms), with \`docker image inspect\` as baseline`,
  run: async () => {
    const cacheDir = tempDir('layerlens-bench-hit-');
    const core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir });
    try {
      await core.analyzeImage({ kind: 'engine', ref: image });
      const hits: number[] = [];
      const inspects: number[] = [];
      for (let i = 0; i < 7; i++) {
        let start = performance.now();
        await core.analyzeImage({ kind: 'engine', ref: image });
        hits.push(performance.now() - start);
        start = performance.now();
        await exec('docker', ['image', 'inspect', image]);
        inspects.push(performance.now() - start);
      }
      const hit = median(hits);
      const inspect = median(inspects);
      return (
        `second analysis ${hit.toFixed(1)} ms vs \`docker image inspect\` ${inspect.toFixed(1)} ms ` +
        `-> ratio ${(hit / inspect).toFixed(2)}; ${hit <= 200 ? 'MET' : 'MISSED'} (target <= 200 ms)`
      );
    } finally {
      core.close();
      await new LayerIndexCache({ dir: cacheDir }).flush();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};

export function analysisBenchmarks(): BenchEntry[] {
  return [
    {
      name: 'analysis cold (engine)',
      description: `analysing ${image} from the engine with an empty cache, vs \`docker save\` to /dev/null`,
      iterations: 3,
      targetRatio: 1.15,
      baseline: {
        label: '`docker save > /dev/null`',
        run: () => exec('sh', ['-c', `docker save '${image}' > /dev/null`]),
      },
      candidate: { label: 'LayerLens analyzeImage()', run: analyseCold },
    },
    memoryProbe,
    cacheHitProbe,
  ];
}
