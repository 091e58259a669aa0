/**
 * Scale: an image whose one layer holds 100 000, then 1 000 000 small files, analysed the way the CLI does
 * (`inspect` of a `docker save` archive with an empty layer cache, the cache write included), each in a
 * child process of its own so that its peak RSS is the analysis's alone. Prints the time ratio 1M / 100k
 * (linear is 10) and each peak RSS against the 300 MB target.
 *
 * The archive is generated straight to a temp file, member by member: nothing holds the whole tar.
 * Run as a child (`tsx bench/scale.bench.ts <archive>`), this module analyses the archive and prints
 * `<ms> <peak RSS bytes> <peak RSS bytes when the analysis was done>`: the layer cache is written after the
 * result, and the second figure tells its share apart.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rawTarHeader, tarData, tarEndMarker } from '../src/core/archive/test-support';
import { formatBytes } from '../src/shared/format';
import type { Probe } from './harness';

const exec = promisify(execFile);
const rssTargetBytes = 300e6;
const filesPerDir = 100;
const dirsPerGroup = 100;

interface Member {
  name: string;
  type: '0' | '5';
  data: string;
}

/** The layer's members: `app/g<k>/d<j>/` directories of 100 files, each file's content distinct. */
function* layerMembers(fileCount: number): Generator<Member> {
  yield { name: 'app/', type: '5', data: '' };
  for (let i = 0; i < fileCount; i++) {
    const group = Math.floor(i / (filesPerDir * dirsPerGroup));
    const dir = Math.floor(i / filesPerDir) % dirsPerGroup;
    if (i % (filesPerDir * dirsPerGroup) === 0) yield { name: `app/g${group}/`, type: '5', data: '' };
    if (i % filesPerDir === 0) yield { name: `app/g${group}/d${dir}/`, type: '5', data: '' };
    yield { name: `app/g${group}/d${dir}/module-${i}.js`, type: '0', data: `module.exports = ${i};\n` };
  }
}

function memberBytes(member: Member): Buffer {
  const data = Buffer.from(member.data);
  const header = rawTarHeader({ name: member.name, type: member.type, size: data.length, mode: member.type === '5' ? 0o755 : 0o644 });
  return data.length > 0 ? Buffer.concat([header, tarData(data)]) : header;
}

function layerSize(fileCount: number): number {
  let size = tarEndMarker.length;
  for (const member of layerMembers(fileCount)) size += 512 + Math.ceil(Buffer.byteLength(member.data) / 512) * 512;
  return size;
}

/** Writes with backpressure: resolves once the stream can take more. */
function write(out: fs.WriteStream, bytes: Buffer): Promise<void> | undefined {
  return out.write(bytes) ? undefined : new Promise((resolve) => out.once('drain', resolve));
}

/** A `docker save` archive (legacy manifest.json) of one layer of `fileCount` files, streamed to `file`. */
async function writeImageArchive(file: string, fileCount: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const member = async (name: string, data: Buffer) => {
    await write(out, rawTarHeader({ name, size: data.length }));
    await write(out, tarData(data));
  };
  // The outer header needs the layer's size before its bytes: the members' sizes are known in advance.
  const layerName = 'layer/layer.tar';
  await write(out, rawTarHeader({ name: layerName, size: layerSize(fileCount) }));
  const diffId = createHash('sha256');
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const bytes = Buffer.concat(batch);
    diffId.update(bytes);
    batch = [];
    batchBytes = 0;
    await write(out, bytes);
  };
  for (const entry of layerMembers(fileCount)) {
    const bytes = memberBytes(entry);
    batch.push(bytes);
    batchBytes += bytes.length;
    if (batchBytes >= 1 << 20) await flush();
  }
  batch.push(tarEndMarker);
  await flush(); // the layer's size is a multiple of 512: no padding in the outer tar
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [`sha256:${diffId.digest('hex')}`] },
      history: [{ created_by: 'COPY app /app' }],
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await member(configName, config);
  await member('manifest.json', Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [`scale:${fileCount}`], Layers: [layerName] }])));
  out.end(tarEndMarker);
  await done;
}

interface Run {
  ms: number;
  peakRss: number;
  /** The peak until the analysis was done, before the layer cache was written. */
  analysedRss: number;
}

async function analyseInChild(archive: string): Promise<Run> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), archive], {
    cwd: path.resolve(import.meta.dirname, '..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  const [ms, peakRss, analysedRss] = stdout.trim().split(/\s+/).map(Number);
  return { ms, peakRss, analysedRss };
}

/** The child: one CLI-style analysis of `archive` with a fresh cache, then its time and peak RSS. */
async function childMain(archive: string): Promise<void> {
  const { createLayerLensCore } = await import('../src/core/api/layerlens-core');
  const { LayerIndexCache } = await import('../src/core/archive/layer-cache');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-scale-cache-'));
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir });
  const maxRss = () => process.resourceUsage().maxRSS * 1024;
  let analysedRss = 0;
  // Reported as the analysis ends, before the cache writes that were scheduled after it have run.
  core.on('progress', (event) => {
    if (event.phase === 'analyse' && event.done === 1) analysedRss = maxRss();
  });
  try {
    const start = performance.now();
    await core.analyzeImage({ kind: 'archive', ref: archive });
    // The cache is written after the result: its serialisation belongs to the run too.
    await new LayerIndexCache({ dir: cacheDir }).flush();
    const ms = performance.now() - start;
    console.log(`${ms.toFixed(0)} ${maxRss()} ${analysedRss}`);
  } finally {
    core.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

const verdict = (rss: number) => (rss <= rssTargetBytes ? 'MET' : 'MISSED');

export function scaleBenchmarks(): Probe[] {
  return [
    {
      name: 'scale 1M files',
      description: 'a layer of 1 000 000 small files vs 100 000: time ratio (linear: 10) and peak RSS of each (target <= 300 MB)',
      run: async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-scale-'));
        try {
          const runs: Record<number, Run> = {};
          for (const count of [100_000, 1_000_000]) {
            const archive = path.join(dir, `scale-${count}.tar`);
            await writeImageArchive(archive, count);
            runs[count] = await analyseInChild(archive);
            fs.rmSync(archive);
          }
          const [small, large] = [runs[100_000], runs[1_000_000]];
          const line = (label: string, run: Run) =>
            `${label}: ${(run.ms / 1000).toFixed(1)} s, peak RSS ${formatBytes(run.peakRss)} ` +
            `(${formatBytes(run.analysedRss)} until the analysis was done, before the cache write) -> ${verdict(run.peakRss)} (target <= 300 MB)`;
          return [
            line('100k files', small),
            line('1M files', large),
            `time ratio 1M / 100k: ${(large.ms / small.ms).toFixed(2)} (linear: 10); peak RSS ratio ${(large.peakRss / small.peakRss).toFixed(2)}`,
          ].join('\n');
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) await childMain(process.argv[2]);
