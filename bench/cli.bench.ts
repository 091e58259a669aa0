/**
 * CLI start-up against `node -e 0` (a bare Node start) in the same run, whole processes as a user runs
 * them through the launcher (`scripts/layerlens.mjs`, on a fresh build):
 * - `--version` and `--help` <= 3x; a cached `inspect --json` of the ~1.4 GB node-full stand-in <= 6x;
 * - peak RSS of `--version` <= 80 MB.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatBytes } from '../src/shared/format';
import { median, type BenchEntry, type Side } from './harness';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const launcher = path.join(root, 'scripts', 'layerlens.mjs');
const image = process.env.LAYERLENS_BENCH_IMAGE ?? 'layerlens-test/node-full:18';
// Made by the first cached inspect, removed after it.
const cacheDir = path.join(os.tmpdir(), `layerlens-bench-cli-${process.pid}`);
const env = { ...process.env, LAYERLENS_CACHE_DIR: cacheDir };

const nodeBare: Side = { label: 'node -e 0', run: () => exec(process.execPath, ['-e', '0']) };
const layerlens = (...args: string[]): Side => ({
  label: `layerlens ${args.join(' ')}`,
  run: () => exec(process.execPath, [launcher, ...args], { env, maxBuffer: 256 * 1024 * 1024 }),
});

let built = false;
/** The launcher runs the build when it is newer than the sources: measure that path, not tsx's. */
async function freshBuild(): Promise<void> {
  if (built) return;
  await exec('npx', ['electron-vite', 'build'], { cwd: root });
  built = true;
}

/** Peak RSS of one whole process, read by the preloaded exit-rss module through fd 3. */
function peakRss(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', path.join(root, 'bench', 'exit-rss.mjs'), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let text = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number(text.trim())));
  });
}

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
