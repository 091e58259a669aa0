/**
 * Scale: an image whose one layer holds 100 000, then 1 000 000 small files, analysed by the CLI as a user
 * runs it (`inspect … --json` through the launcher, on a fresh build), each run a whole process whose peak
 * RSS is read from inside it: from the `docker save` archive (`--source archive`), then from the engine
 * after `docker load` of it. Each is analysed twice: with an empty layer cache (its write included), then
 * from the layer that run cached (stored analyses removed). The app is measured too: a `serve` process
 * that analyses the archive and answers the image page's calls. Then another shape of a million files:
 * a later layer deletes them all (every stored copy hidden). Prints each peak RSS against the flat
 * 300 MB target, and the ratios 1M / 100k of time (linear: 10) and of peak RSS (flat: 1).
 *
 * The archive is generated straight to a temp file, member by member: nothing holds the whole tar.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawTarHeader, tarData, tarEndMarker } from '../src/core/archive/test-support';
import { formatBytes } from '../src/shared/format';
import { docker, removeImage, uniqueTag } from '../test/docker-fixtures';
import { freshBuild, launcher, measuredProcess, measuredServe, type ProcessRun } from './cli-process';
import type { Probe } from './harness';

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

/** A layer's tar size, known before its bytes (the outer header needs it). */
function layerSize(members: () => Iterable<Member>): number {
  let size = tarEndMarker.length;
  for (const member of members()) size += 512 + Math.ceil(Buffer.byteLength(member.data) / 512) * 512;
  return size;
}

/** Writes with backpressure: resolves once the stream can take more. */
function write(out: fs.WriteStream, bytes: Buffer): Promise<void> | undefined {
  return out.write(bytes) ? undefined : new Promise((resolve) => out.once('drain', resolve));
}

/** A layer of the archive: its history step and its members (a function: they are walked twice). */
interface LayerSpec {
  createdBy: string;
  members: () => Iterable<Member>;
}

/** The image of one layer of `fileCount` files. */
export const filesImage = (fileCount: number): LayerSpec[] => [{ createdBy: 'COPY app /app', members: () => layerMembers(fileCount) }];

/** Those files, then a layer that deletes them all (`rm -rf /app` in a later RUN): every stored copy hidden. */
export const deletedFilesImage = (fileCount: number): LayerSpec[] => [
  ...filesImage(fileCount),
  { createdBy: 'RUN rm -rf /app', members: () => [{ name: '.wh.app', type: '0', data: '' }] },
];

/** Streams one layer into the outer tar, with its header first; returns its diff ID. */
async function writeLayer(out: fs.WriteStream, name: string, layer: LayerSpec): Promise<string> {
  await write(out, rawTarHeader({ name, size: layerSize(layer.members) }));
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
  for (const entry of layer.members()) {
    const bytes = memberBytes(entry);
    batch.push(bytes);
    batchBytes += bytes.length;
    if (batchBytes >= 1 << 20) await flush();
  }
  batch.push(tarEndMarker);
  await flush(); // the layer's size is a multiple of 512: no padding in the outer tar
  return `sha256:${diffId.digest('hex')}`;
}

/** A `docker save` archive (legacy manifest.json) of `layers`, tagged `tag`, streamed to `file`. */
export async function writeImageArchive(file: string, layers: LayerSpec[], tag: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const member = async (name: string, data: Buffer) => {
    await write(out, rawTarHeader({ name, size: data.length }));
    await write(out, tarData(data));
  };
  const layerNames = layers.map((_, i) => `layer${i}/layer.tar`);
  const diffIds: string[] = [];
  for (const [i, layer] of layers.entries()) diffIds.push(await writeLayer(out, layerNames[i], layer));
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map((layer) => ({ created_by: layer.createdBy })),
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await member(configName, config);
  await member('manifest.json', Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerNames }])));
  out.end(tarEndMarker);
  await done;
}

/** One CLI analysis (`inspect … --json`) with the layer cache in `cacheDir`. */
function inspect(args: string[], cacheDir: string): Promise<ProcessRun> {
  return measuredProcess([launcher, 'inspect', ...args, '--json'], { ...process.env, LAYERLENS_CACHE_DIR: cacheDir });
}

interface SizeRuns {
  cold: ProcessRun;
  cached: ProcessRun;
}

/**
 * An analysis with an empty cache, then one that reads the layer from the cache the first wrote (the
 * stored analysis, which would answer first, is removed before it).
 */
async function coldThenCached(args: string[], cacheDir: string): Promise<SizeRuns> {
  const cold = await inspect(args, cacheDir);
  fs.rmSync(path.join(cacheDir, 'analyses'), { recursive: true, force: true });
  return { cold, cached: await inspect(args, cacheDir) };
}

/**
 * The image page's calls on a `serve` process: the analysis of the archive, the whole-image treemap, a
 * layer's, the final listing of the root and of its first directory, a search, the stack at the first
 * layer, and where a file is stored. Measured from the server's start to its stop: the app's peak, analysis included.
 */
export async function exploreInServe(archive: string, cacheDir: string): Promise<ProcessRun> {
  const server = await measuredServe({ ...process.env, LAYERLENS_CACHE_DIR: cacheDir, LAYERLENS_CONFIG_DIR: path.join(cacheDir, 'config') });
  try {
    const { id } = await server.call<{ id: string }>('analyzeImage', { kind: 'archive', ref: archive });
    await server.call('getTreemap', id, {});
    await server.call('getTreemap', id, { layer: 0, scope: 'layer', path: '/' });
    const root = await server.call<{ entries: { path: string; kind: string; childCount: number }[] }>('listDirectory', id, { path: '/' });
    // The first directory of the final filesystem that has entries (the root when there is none).
    const dir = root.entries.find((entry) => entry.kind === 'dir' && entry.childCount > 0)?.path ?? '/';
    await server.call('listDirectory', id, { path: dir, sort: 'name' });
    await server.call('searchFiles', id, { query: 'module-99*' });
    await server.call('getTreemap', id, { layer: 0, scope: 'aggregated', path: '/' });
    await server.call('locateFile', id, '/app/g0/d0/module-1.js');
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return server.stop();
}

const verdict = (rss: number) => (rss <= rssTargetBytes ? 'MET' : 'MISSED');

export function scaleBenchmarks(): Probe[] {
  return [
    {
      name: 'scale 1M files',
      description:
        'a layer of 1 000 000 small files vs 100 000, by the CLI from an archive and from the engine, and explored in the app (serve): peak RSS of each (target: flat, <= 300 MB) and time ratio (linear: 10)',
      run: async () => {
        await freshBuild();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-scale-'));
        const lines: string[] = [];
        const line = (label: string, run: ProcessRun) =>
          lines.push(`${label}: ${(run.ms / 1000).toFixed(1)} s, peak RSS ${formatBytes(run.peakRss)} -> ${verdict(run.peakRss)} (target <= 300 MB)`);
        try {
          const runs: Record<number, { archive: SizeRuns; engine: SizeRuns; serve: ProcessRun }> = {};
          for (const count of [100_000, 1_000_000]) {
            const archive = path.join(dir, `scale-${count}.tar`);
            const tag = uniqueTag('scale');
            await writeImageArchive(archive, filesImage(count), tag);
            const archiveRuns = await coldThenCached([archive, '--source', 'archive'], path.join(dir, `archive-cache-${count}`));
            const serve = await exploreInServe(archive, path.join(dir, `serve-cache-${count}`));
            await docker('load', '-q', '-i', archive);
            fs.rmSync(archive);
            try {
              runs[count] = { archive: archiveRuns, engine: await coldThenCached([tag], path.join(dir, `engine-cache-${count}`)), serve };
            } finally {
              await removeImage(tag);
            }
            const label = count === 100_000 ? '100k' : '1M';
            line(`${label} files, archive, empty cache`, runs[count].archive.cold);
            line(`${label} files, archive, cached layer`, runs[count].archive.cached);
            line(`${label} files, engine image, empty cache`, runs[count].engine.cold);
            line(`${label} files, engine image, cached layer`, runs[count].engine.cached);
            line(`${label} files, app (serve): analysis, then the image page's calls`, runs[count].serve);
          }
          const ratios = (label: string, small: ProcessRun, large: ProcessRun) =>
            lines.push(
              `ratios 1M / 100k, ${label}: time ${(large.ms / small.ms).toFixed(2)} (linear: 10), peak RSS ${(large.peakRss / small.peakRss).toFixed(2)} (flat: 1)`,
            );
          ratios('archive, empty cache', runs[100_000].archive.cold, runs[1_000_000].archive.cold);
          ratios('app (serve)', runs[100_000].serve, runs[1_000_000].serve);
          // Another shape of a million files: a later layer deletes them all, so every stored copy is hidden.
          const deleted = path.join(dir, 'scale-deleted.tar');
          await writeImageArchive(deleted, deletedFilesImage(1_000_000), uniqueTag('scale'));
          line(
            '1M files deleted by a later layer, archive, empty cache',
            await inspect([deleted, '--source', 'archive'], path.join(dir, 'deleted-cache')),
          );
          line('1M files deleted by a later layer, app (serve)', await exploreInServe(deleted, path.join(dir, 'deleted-serve-cache')));
          return lines.join('\n');
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ];
}
