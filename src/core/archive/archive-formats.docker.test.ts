/**
 * Every archive format, made here from one engine image (test/archive-fixtures.ts): a docker save, a
 * kaniko tarball, skopeo's OCI layouts (uncompressed, gzip, zstd) as folders and as archives. Each must read
 * to the layers the engine itself reports, file for file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ociVariants } from '../../../test/archive-fixtures';
import { pump } from './byte-sink';
import { decompressingSink } from './compression';
import { readImageArchive, readImageArchiveFile } from './archive-reader';
import { readEngineImage } from './engine-image-reader';
import { LayerIndexCache } from './layer-cache';
import type { LayerIndex, LoadedImage } from './model';
import { readOciLayoutDir } from './oci-dir-reader';
import { chunked, gzip, tempDir } from './test-support';

const fixtures = inject('archiveFixtures');
const indexes = (image: LoadedImage): LayerIndex[] => image.layers.map((l) => l.index);
const paths = (image: LoadedImage, layer: number): string[] => image.layers[layer].index.entries.map((e) => e.path);

let work: string;
let fromEngine: LoadedImage;
beforeAll(async () => {
  work = await tempDir('layerlens-formats-');
  fromEngine = await readEngineImage(new Docker(), fixtures.tag);
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('the docker save (legacy layout)', () => {
  it('reads to the layers the engine reports, with the files, links and whiteouts the Dockerfile made', async () => {
    const image = await readImageArchiveFile(fixtures.dockerSave);
    expect(image.repoTags).toEqual([fixtures.tag]);
    expect(image.configDigest).toBe(fixtures.imageId);
    expect(image.layers.map((l) => l.diffId)).toEqual(fixtures.diffIds);
    expect(image.layers.map((l) => l.diffId)).toEqual(image.config.rootfs?.diff_ids);
    expect(indexes(image)).toEqual(indexes(fromEngine));
    expect(image.layers.every((l) => l.compression === 'none')).toBe(true);

    // The busybox base is two layers (the binary, its links); the fixture's own start at index 2.
    expect(paths(image, 0)).toEqual(['/bin', '/bin/busybox']);
    expect(paths(image, 2)).toEqual(['/somefile.txt']);
    const notes = await fs.readFile(path.join(fixtures.sourceDir, 'notes.txt'));
    expect(image.layers[2].index.sizeBytes).toBe(notes.length);
    // RUN mv … somefile3.txt deletes what it moves; RUN rm -rf /root/example/ a folder.
    expect(image.layers[6].index.entries.find((e) => e.whiteout)?.path).toBe('/root/example/somefile3.txt');
    expect(image.layers[7].index.entries.find((e) => e.path === '/root/example')).toMatchObject({ whiteout: true, size: 0 });
    // rm -rf then mkdir of the same folder in one RUN: overlay2 writes an opaque whiteout.
    expect(image.layers[9].index.entries.find((e) => e.path === '/opt/cache' && e.opaque)).toBeDefined();
    const links = image.layers[10].index.entries;
    expect(links.find((e) => e.path === '/root/soft-link')).toMatchObject({ type: 'symlink', linkTarget: '/root/saved.txt' });
    expect(links.find((e) => e.path === '/root/hard-link' || e.path === '/root/saved.txt')).toBeDefined();
  });

  it('reports progress up to the file size', async () => {
    const size = (await fs.stat(fixtures.dockerSave)).size;
    let last = 0;
    let total: number | undefined;
    await readImageArchiveFile(fixtures.dockerSave, {
      onProgress: (read, of) => {
        expect(read).toBeGreaterThanOrEqual(last);
        last = read;
        total = of;
      },
    });
    expect(last).toBe(size);
    expect(total).toBe(size);
  });

  it('reads it gzip-compressed as a whole (as `docker load` does), and from any async iterable', async () => {
    const data = await fs.readFile(fixtures.dockerSave);
    expect(indexes(await readImageArchive(chunked(gzip(data), 65536)))).toEqual(indexes(fromEngine));
    expect(indexes(await readImageArchive(Readable.from([data])))).toEqual(indexes(fromEngine));
  });

  it('is cancelled by its signal, mid-stream, without hanging', async () => {
    const controller = new AbortController();
    const source = createReadStream(fixtures.dockerSave, { highWaterMark: 1024 });
    const reading = readImageArchive(source, {
      signal: controller.signal,
      onProgress: (read) => {
        if (read > 100_000) controller.abort();
      },
    });
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('rejects a truncated docker save and a truncated OCI archive with ARCHIVE_CORRUPT', async () => {
    for (const [name, file] of [
      ['half.tar', fixtures.dockerSave],
      ['oci-half.tar', fixtures.ociArchives.zstd],
    ]) {
      const whole = await fs.readFile(file);
      const half = path.join(work, name);
      await fs.writeFile(half, whole.subarray(0, whole.length >> 1));
      const error = await readImageArchiveFile(half).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ARCHIVE_CORRUPT', message: expect.stringMatching(/truncated|not an image archive|corrupt/) });
    }
  });
});

describe('the kaniko tarball', () => {
  it('reads its gzip layers named by digest to the same layers', async () => {
    const image = await readImageArchiveFile(fixtures.kaniko);
    expect(image.repoTags).toEqual([fixtures.tag]);
    expect(image.layers.every((l) => l.compression === 'gzip')).toBe(true);
    expect(image.layers.map((l) => l.diffId)).toEqual(fixtures.diffIds);
    expect(indexes(image)).toEqual(indexes(fromEngine));
  });
});

describe("skopeo's OCI layouts", () => {
  it.each(ociVariants)('reads the %s archive and folder to the same layers', async (variant) => {
    const fromArchive = await readImageArchiveFile(fixtures.ociArchives[variant]);
    const fromDir = await readOciLayoutDir(fixtures.ociDirs[variant]);
    for (const image of [fromArchive, fromDir]) {
      expect(image.layers.map((l) => l.diffId)).toEqual(fixtures.diffIds);
      expect(image.layers.every((l) => l.compression === (variant === 'uncompressed' ? 'none' : variant))).toBe(true);
      expect(indexes(image)).toEqual(indexes(fromEngine));
    }
    expect(fromDir.configDigest).toBe(fromArchive.configDigest);
    expect(fromDir.source).toBe(`OCI layout ${fixtures.ociDirs[variant]}`);
  });

  it('decompresses a zstd blob written by another encoder (skopeo) to its diff ID', async () => {
    const image = await readOciLayoutDir(fixtures.ociDirs.zstd);
    const layer = image.layers[1];
    const blob = await fs.readFile(path.join(fixtures.ociDirs.zstd, 'blobs/sha256', layer.blobDigest!.slice('sha256:'.length)));
    const hash = createHash('sha256');
    await pump(chunked(blob, 100), decompressingSink({ write: (bytes: Buffer) => void hash.update(bytes), end: () => undefined }));
    expect(`sha256:${hash.digest('hex')}`).toBe(layer.diffId);
  });

  it('names the platform there is when another is asked for', async () => {
    const other = process.arch === 'arm64' ? 'linux/amd64' : 'linux/arm64';
    const here = process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
    await expect(readOciLayoutDir(fixtures.ociDirs.gzip, { platform: other })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining(here),
    });
    await expect(readImageArchiveFile(fixtures.ociArchives.gzip, { platform: other })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await readImageArchiveFile(fixtures.ociArchives.gzip, { platform: here })).layers).toHaveLength(fixtures.diffIds.length);
  });

  it('stores layer indexes in the cache and skips reading blobs whose index it has (archive)', async () => {
    const cache = new LayerIndexCache({ dir: path.join(work, 'cache-archive') });
    const first = await readImageArchiveFile(fixtures.ociArchives.uncompressed, { cache });
    await cache.flush();
    expect(cache.layersStored).toBe(fixtures.diffIds.length);
    expect(cache.layersFromCache).toBe(0);
    const second = await readImageArchiveFile(fixtures.ociArchives.uncompressed, { cache });
    expect(cache.layersFromCache).toBe(fixtures.diffIds.length);
    expect(second.layers).toEqual(first.layers);
    expect(await cache.getConfig(first.configDigest)).toMatchObject({ config: { os: 'linux' } });
  });

  it('answers an uncompressed blob of a folder from the cache once its bytes hash to the diff ID, never a changed one', async () => {
    const cacheDir = path.join(work, 'cache-dir');
    const copy = path.join(work, 'uncompressed-copy');
    await fs.cp(fixtures.ociDirs.uncompressed, copy, { recursive: true });
    const cache = new LayerIndexCache({ dir: cacheDir });
    const first = await readOciLayoutDir(copy, { cache });
    await cache.flush();
    const second = await readOciLayoutDir(copy, { cache });
    expect(cache.layersFromCache).toBe(fixtures.diffIds.length);
    expect(second.layers).toEqual(first.layers);

    const blob = path.join(copy, 'blobs', 'sha256', first.layers[1].diffId.slice('sha256:'.length));
    await fs.chmod(blob, 0o644);
    await fs.appendFile(blob, Buffer.alloc(1024));
    const tampered = new LayerIndexCache({ dir: cacheDir });
    await expect(readOciLayoutDir(copy, { cache: tampered })).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
  });

  it('always reads a compressed blob: only decompressing it proves its diff ID', async () => {
    const copy = path.join(work, 'gzip-copy');
    await fs.cp(fixtures.ociDirs.gzip, copy, { recursive: true });
    const cache = new LayerIndexCache({ dir: path.join(work, 'cache-gzip') });
    const image = await readOciLayoutDir(copy, { cache });
    await cache.flush();
    await fs.rm(path.join(copy, 'blobs/sha256', image.layers[1].blobDigest!.slice('sha256:'.length)));
    await expect(readOciLayoutDir(copy, { cache })).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', message: /missing/ });
  });

  it('rejects a blob whose bytes are not its digest', async () => {
    const copy = path.join(work, 'zstd-tampered');
    await fs.cp(fixtures.ociDirs.zstd, copy, { recursive: true });
    const image = await readOciLayoutDir(copy);
    const blob = path.join(copy, 'blobs/sha256', image.layers[1].blobDigest!.slice('sha256:'.length));
    await fs.chmod(blob, 0o644);
    await fs.writeFile(blob, (await fs.readFile(blob)).subarray(0, 100));
    await expect(readOciLayoutDir(copy)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
  });
});
