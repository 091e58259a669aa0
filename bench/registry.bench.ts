/**
 * Reading images from a registry in place, against `docker pull` from the same loopback registry
 * (Debian's docker-registry, started here; test/local-registry.ts):
 * - a cold remote analysis of the ~1.3 GB node-full stand-in vs `docker pull` of it (target ratio <= 1.2);
 * - peak RSS of that analysis <= 300 MB;
 * - a second remote image on the same base (one small layer of its own) with the first one's layer cache
 *   vs the first image cold (target ratio <= 0.3), and what it fetched.
 *
 * A fair pull needs layers the engine does not have: node-full's own layers are there (the stand-in), and
 * dockerd skips a layer it knows. So the image is a flattened copy of node-full (`docker export | docker
 * import`: the same files, a layer no other image holds), pushed, then removed from the engine; each pull
 * is followed (untimed) by `docker rmi` of the pulled tag, so every pull downloads and extracts the whole
 * image. Only the tags and images made here are removed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLayerLensCore } from '../src/core/api/layerlens-core';
import { LayerIndexCache } from '../src/core/archive/layer-cache';
import { formatBytes } from '../src/shared/format';
import { docker, uniqueTag } from '../test/docker-fixtures';
import { LocalRegistry, localRegistryMissing } from '../test/local-registry';
import { median, type BenchEntry } from './harness';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const source = process.env.LAYERLENS_BENCH_IMAGE ?? 'layerlens-test/node-full:18';
const iterations = Number(process.env.LAYERLENS_BENCH_ITERATIONS ?? 3);
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * One remote analysis, timed without the cache's background writes: cold (an empty layer cache of its own,
 * removed after), or with the cache folder given (kept).
 */
async function analyse(ref: string, cacheDir?: string): Promise<number> {
  const dir = cacheDir ?? tempDir('layerlens-bench-registry-');
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir: dir });
  try {
    return await timed(() => core.analyzeImage({ kind: 'registry', ref }));
  } finally {
    core.close();
    await new LayerIndexCache({ dir }).flush();
    if (!cacheDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function verdict(value: number, target: number): string {
  return `target <= ${target.toFixed(2)} ${value <= target ? 'MET' : 'MISSED'}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function peakRss(ref: string): Promise<number> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', path.join(root, 'bench/rss-probe.ts'), ref, 'registry'], { cwd: root });
  return Number(stdout.trim());
}

/** node-full's files as one layer no other image holds, and an image on it with one small layer of its own. */
async function makeImages(): Promise<{ flat: string; derived: string }> {
  const flat = uniqueTag('bench-registry-flat');
  const derived = uniqueTag('bench-registry-derived');
  const container = (await docker('create', source, 'true')).trim();
  try {
    await exec('sh', ['-c', `docker export ${container} | docker import --change 'CMD ["node"]' - ${flat}`], { maxBuffer: 16 * 1024 * 1024 });
  } finally {
    await docker('rm', container).catch(() => undefined);
  }
  const context = tempDir('layerlens-bench-registry-ctx-');
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM ${flat}\nRUN echo "one small layer of its own" > /derived.txt\n`);
  try {
    await docker('build', '-q', '-t', derived, context);
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
  return { flat, derived };
}

const registryProbe = {
  name: 'registry',
  description: `remote analysis of ${source} (flattened copy) vs docker pull from a loopback registry; peak RSS; a second image on a cached base`,
  async run(): Promise<string> {
    const missing = localRegistryMissing();
    if (missing) return `registry: SKIPPED (${missing} is not installed)`;
    const registry = await LocalRegistry.start();
    const made: string[] = [];
    const pulled = new Set<string>();
    try {
      const { flat, derived } = await makeImages();
      made.push(derived, flat);
      const firstRef = await registry.push(flat, 'bench/node-full-flat:1');
      const secondRef = await registry.push(derived, 'bench/node-full-derived:1');
      // The engine must not hold these layers, or `docker pull` would skip them: remove our copies.
      for (const tag of made.splice(0)) await docker('rmi', tag).catch(() => undefined);

      // Cold analysis vs docker pull, interleaved; a warm-up of each first.
      const pull = async (): Promise<number> => {
        pulled.add(firstRef);
        const ms = await timed(() => docker('pull', '-q', firstRef));
        await docker('rmi', firstRef).catch(() => undefined);
        pulled.delete(firstRef);
        return ms;
      };
      await pull();
      await analyse(firstRef);
      const pulls: number[] = [];
      const analyses: number[] = [];
      for (let i = 0; i < iterations; i++) {
        if (i % 2 === 0) {
          pulls.push(await pull());
          analyses.push(await analyse(firstRef));
        } else {
          analyses.push(await analyse(firstRef));
          pulls.push(await pull());
        }
      }
      const pullMs = median(pulls);
      const analysisMs = median(analyses);
      const coldRatio = analysisMs / pullMs;

      // A second image on the same base: the first one's cache, copied fresh for each run.
      const warm = tempDir('layerlens-bench-registry-warm-');
      await analyse(firstRef, warm);
      const mark = registry.accessLog.length;
      const seconds2: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const dir = tempDir('layerlens-bench-registry-second-');
        fs.cpSync(warm, dir, { recursive: true });
        seconds2.push(await analyse(secondRef, dir));
        fs.rmSync(dir, { recursive: true, force: true });
      }
      fs.rmSync(warm, { recursive: true, force: true });
      const fetchedPerRun = registry.blobDownloads(mark).length / iterations;
      const secondMs = median(seconds2);
      const secondRatio = secondMs / analysisMs;

      const rss = await peakRss(firstRef);
      const rssLimit = 300e6;
      return [
        `registry cold analysis: ${seconds(analysisMs)} vs docker pull ${seconds(pullMs)} (median of ${iterations}) -> ratio ${coldRatio.toFixed(2)}  ${verdict(coldRatio, 1.2)}`,
        `registry second image on a cached base: ${seconds(secondMs)} vs the first image cold ${seconds(analysisMs)} -> ratio ${secondRatio.toFixed(2)}  ${verdict(secondRatio, 0.3)}` +
          ` (blobs fetched per run: ${fetchedPerRun}, its config and its own layer)`,
        `registry analysis peak RSS: ${formatBytes(rss)}  target <= ${formatBytes(rssLimit)} ${rss <= rssLimit ? 'MET' : 'MISSED'}`,
      ].join('\n');
    } finally {
      for (const tag of [...made, ...pulled]) await docker('rmi', tag).catch(() => undefined);
      await registry.stop();
    }
  },
};

export function registryBenchmarks(): BenchEntry[] {
  return [registryProbe];
}
