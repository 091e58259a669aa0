/**
 * CLI start-up against `node -e 0` (a bare Node start) in the same run, whole processes as a user runs
 * them through the launcher (`scripts/layerlens.mjs`, on a fresh build):
 * - `--version` and `--help` <= 3x; a cached `inspect --json` of the ~1.4 GB node-full stand-in <= 6x;
 * - peak RSS of `--version` <= 80 MB.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatBytes } from '../src/shared/format';
import { freshBuild, launcher, measuredProcess } from './cli-process';
import { median, type BenchEntry, type Side } from './harness';

const exec = promisify(execFile);
const image = process.env.LAYERLENS_BENCH_IMAGE ?? 'layerlens-test/node-full:18';
// Made by the first cached inspect, removed after it.
const cacheDir = path.join(os.tmpdir(), `layerlens-bench-cli-${process.pid}`);
const env = { ...process.env, LAYERLENS_CACHE_DIR: cacheDir };

const nodeBare: Side = { label: 'node -e 0', run: () => exec(process.execPath, ['-e', '0']) };
const layerlens = (...args: string[]): Side => ({
  label: `layerlens ${args.join(' ')}`,
  run: () => exec(process.execPath, [launcher, ...args], { env, maxBuffer: 256 * 1024 * 1024 }),
});

const peakRss = async (args: string[]) => (await measuredProcess(args, env)).peakRss;

export function cliBenchmarks(): BenchEntry[] {
  return [
    {
      name: 'cli --version',
      description: 'the launcher printing its version, against a bare Node start (target <= 3x)',
      iterations: 9,
      setup: freshBuild,
      baseline: nodeBare,
      candidate: layerlens('--version'),
      targetRatio: 3,
    },
    {
      name: 'cli --help',
      description: 'the launcher printing the command list, against a bare Node start (target <= 3x)',
      iterations: 9,
      setup: freshBuild,
      baseline: nodeBare,
      candidate: layerlens('--help'),
      targetRatio: 3,
    },
    {
      name: 'cli cached inspect',
      description: `a whole \`inspect --json\` of ${image} answered from the cache, against a bare Node start (target <= 6x)`,
      iterations: 7,
      setup: async () => {
        await freshBuild();
        await exec(process.execPath, [launcher, 'inspect', image, '--json'], { env, maxBuffer: 256 * 1024 * 1024 }); // fills the cache
      },
      teardown: async () => fs.rmSync(cacheDir, { recursive: true, force: true }),
      baseline: nodeBare,
      candidate: layerlens('inspect', image, '--json'),
      targetRatio: 6,
    },
    {
      name: 'cli memory',
      description: 'peak RSS of `--version` as a whole process (target <= 80 MB), beside a bare Node start',
      run: async () => {
        await freshBuild();
        const bare: number[] = [];
        const version: number[] = [];
        for (let i = 0; i < 5; i++) {
          bare.push(await peakRss(['-e', '0']));
          version.push(await peakRss([launcher, '--version']));
        }
        const peak = median(version);
        return (
          `cli memory: --version peak RSS ${formatBytes(peak)} (node -e 0: ${formatBytes(median(bare))}), median of 5 ` +
          `-> target <= 80 MB ${peak <= 80e6 ? 'MET' : 'MISSED'}`
        );
      },
    },
  ];
}
