/**
 * Against the real engine: an image read through `readEngineImage` has the diff IDs `docker image inspect`
 * reports; a second read comes from the cache without exporting the image. (The same image's archives in
 * every format: archive-formats.docker.test.ts.)
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Docker from 'dockerode';
import { xxhash64 } from 'hash-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFixtureImage, docker, fixturesDir, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { readEngineImage } from './engine-image-reader';
import { LayerIndexCache } from './layer-cache';
import type { LoadedImage } from './model';
import { tempDir } from './test-support';

const tag = uniqueTag('archive-layers');
let work: string;
let imageId: string;
let diffIds: string[];
let engine: Docker;
/** Paths of every Engine API call made through this client's HTTP modem. */
const calls: string[] = [];
/** Connections made past the modem: image exports read straight off the socket (engine/direct-stream). */
let directConnections = 0;

beforeAll(async () => {
  work = await tempDir('layerlens-archive-docker-');
  imageId = await buildFixtureImage('archive-layers', tag);
  diffIds = JSON.parse(await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', tag));
  engine = new Docker();
  const dial = engine.modem.dial.bind(engine.modem);
  engine.modem.dial = ((options: { path: string }, callback: never) => {
    calls.push(options.path);
    return dial(options as never, callback);
  }) as typeof engine.modem.dial;
  const connect = net.connect.bind(net) as (...args: unknown[]) => net.Socket;
  vi.spyOn(net, 'connect').mockImplementation(((...args: unknown[]) => {
    directConnections++;
    return connect(...args);
  }) as typeof net.connect);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await removeImage(tag);
  if (work) await fs.rm(work, { recursive: true, force: true });
});

const exports = (): number => calls.filter((p) => p.endsWith('/get')).length + directConnections;
const entries = (image: LoadedImage) => image.layers.map((l) => l.index);

let fromEngine: LoadedImage;

describe('readEngineImage', () => {
  it('reads the image with the diff IDs docker reports, and the files the Dockerfile made', async () => {
    const cache = new LayerIndexCache({ dir: path.join(work, 'cache') });
    let progress = 0;
    fromEngine = await readEngineImage(engine, tag, { cache, onProgress: (read) => (progress = read) });
    await cache.flush();
    expect(exports()).toBe(1);
    expect(progress).toBeGreaterThan(0);
    expect(fromEngine.configDigest).toBe(imageId);
    expect(fromEngine.repoTags).toEqual([tag]);
    expect(fromEngine.layers.map((l) => l.diffId)).toEqual(diffIds);
    expect(fromEngine.source).toBe(`engine image ${tag}`);

    const top = fromEngine.layers.length - 1;
    const copied = await fs.readFile(path.join(fixturesDir, 'archive-layers', 'copied.txt'));
    expect(fromEngine.layers[top].index.entries.find((e) => e.path === '/opt/copied.txt')).toMatchObject({
      type: 'file',
      size: copied.length,
      hash: await xxhash64(copied),
    });
    const removal = fromEngine.layers[top - 1].index.entries;
    expect(removal.find((e) => e.path === '/opt/data/cache')).toMatchObject({ whiteout: true });
    expect(removal.find((e) => e.path === '/opt/data/second.txt')).toMatchObject({ type: 'file', size: 7 });
    const made = fromEngine.layers[top - 2].index.entries;
    // The two names of one inode: the tar holds the content under the first name it writes, the other links to it.
    const names = made.filter((e) => e.path === '/opt/data/random.bin' || e.path === '/opt/data/hard-link');
    expect(names.map((e) => e.type).sort()).toEqual(['file', 'hardlink']);
    expect(names.find((e) => e.type === 'file')).toMatchObject({ size: 200000 });
    expect(names.find((e) => e.type === 'hardlink')).toMatchObject({ size: 0 });
    expect(made.find((e) => e.path === '/opt/data/abs-link')).toMatchObject({
      type: 'symlink',
      linkTarget: '/opt/data/random.bin',
      unsafe: expect.stringContaining('absolute symlink'),
    });
  });

  it('answers a second analysis from the cache without exporting the image', async () => {
    const cache = new LayerIndexCache({ dir: path.join(work, 'cache') });
    const before = exports();
    const started = performance.now();
    const again = await readEngineImage(engine, tag, { cache });
    const elapsed = performance.now() - started;
    expect(exports()).toBe(before);
    expect(cache.layersFromCache).toBe(diffIds.length);
    expect(again.layers.map((l) => l.index)).toEqual(entries(fromEngine));
    expect(again.configDigest).toBe(imageId);
    expect(again.config.rootfs?.diff_ids).toEqual(diffIds);
    expect(elapsed).toBeLessThan(200);
  });

  it('maps a missing image to IMAGE_NOT_FOUND', async () => {
    await expect(readEngineImage(engine, `${tag}-missing`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('cancels a long export down to the stream', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const reading = readEngineImage(engine, 'layerlens-test/node-full:18', {
      signal: controller.signal,
      onProgress: (read) => {
        if (read > 20 * 1024 * 1024 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(abortedAt).toBeGreaterThan(0);
    // The 1.4 GB export stops at once, not after the rest of it has streamed by.
    expect(performance.now() - abortedAt).toBeLessThan(2000);
  });
});
