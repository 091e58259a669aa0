import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageArchiveFile } from './archive-reader';
import { LayerIndexCache } from './layer-cache';
import { readOciLayoutDir } from './oci-dir-reader';
import { diveArchive, tempDir } from './test-support';

const run = promisify(execFile);
let work: string;
const layouts: Record<string, string> = {};

beforeAll(async () => {
  work = await tempDir();
  for (const variant of ['uncompressed', 'gzip', 'zstd', 'estargz']) {
    const dir = path.join(work, variant);
    await fs.mkdir(dir);
    await run('tar', ['-xf', diveArchive(`test-oci-${variant}-image.tar`), '-C', dir]);
    layouts[variant] = dir;
  }
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('readOciLayoutDir', () => {
  it('reads each dive OCI layout to what the archive reader reads from its tar', async () => {
    for (const [variant, dir] of Object.entries(layouts)) {
      const fromDir = await readOciLayoutDir(dir);
      const fromTar = await readImageArchiveFile(diveArchive(`test-oci-${variant}-image.tar`));
      expect(fromDir.configDigest).toBe(fromTar.configDigest);
      expect(fromDir.layers).toEqual(fromTar.layers);
      expect(fromDir.source).toBe(`OCI layout ${dir}`);
    }
  });

  it('answers an uncompressed blob from the cache once its bytes hash to the diff ID', async () => {
    const cacheDir = await tempDir('layerlens-cache-');
    const copy = path.join(work, 'uncompressed-copy');
    await fs.cp(layouts.uncompressed, copy, { recursive: true });
    try {
      const cache = new LayerIndexCache({ dir: cacheDir });
      const first = await readOciLayoutDir(copy, { cache });
      await cache.flush();
      expect(cache.layersStored).toBe(1);
      const second = await readOciLayoutDir(copy, { cache });
      expect(cache.layersFromCache).toBe(1);
      expect(second.layers).toEqual(first.layers);

      // A blob that no longer is what its name says is read (and refused), never answered from the cache.
      const blob = path.join(copy, 'blobs', 'sha256', first.layers[0].diffId.slice('sha256:'.length));
      await fs.chmod(blob, 0o644);
      await fs.appendFile(blob, Buffer.alloc(1024));
      const tampered = new LayerIndexCache({ dir: cacheDir });
      await expect(readOciLayoutDir(copy, { cache: tampered })).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
      expect(tampered.layersFromCache).toBe(1);
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('always reads a compressed blob: only decompressing it proves its diff ID', async () => {
    const cacheDir = await tempDir('layerlens-cache-');
    const copy = path.join(work, 'gzip-copy');
    await fs.cp(layouts.gzip, copy, { recursive: true });
    try {
      const cache = new LayerIndexCache({ dir: cacheDir });
      await readOciLayoutDir(copy, { cache });
      await cache.flush();
      await fs.rm(path.join(copy, 'blobs/sha256/9aef42427209c9a180c61bb36b0b09681cbe3d3ff6409408bde0eb17ec1ba0cc'));
      await expect(readOciLayoutDir(copy, { cache })).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', message: /missing/ });
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('rejects a blob whose bytes are not its digest', async () => {
    const copy = path.join(work, 'zstd-tampered');
    await fs.cp(layouts.zstd, copy, { recursive: true });
    const blob = path.join(copy, 'blobs/sha256/0308a5d81b28debb7e24a609dcdfca5fdb64c908bda38b0e4774a7d017a67297');
    await fs.chmod(blob, 0o644);
    await fs.writeFile(blob, (await fs.readFile(blob)).subarray(0, 1000));
    await expect(readOciLayoutDir(copy)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
  });

  it('says what is wrong with a folder that is not a layout', async () => {
    const empty = path.join(work, 'not-a-layout');
    await fs.mkdir(empty);
    await expect(readOciLayoutDir(empty)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', message: /no oci-layout/ });
    await expect(readOciLayoutDir(path.join(work, 'nowhere'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(readOciLayoutDir(layouts.gzip, { platform: 'linux/amd64' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /linux\/arm64/,
    });
  });
});
