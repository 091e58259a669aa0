import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayerLensError } from '../../shared/errors';
import { readImageArchive, readImageArchiveFile } from './archive-reader';
import type { LoadedImage } from './model';
import { describeWithDiveArchives, diveArchive } from '../../../test/dive-fixtures';
import { chunked, gzip, packTar, tempDir, zstdCompress, type TarMember } from './test-support';

const digest = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const blobName = (d: string): string => `blobs/sha256/${d.slice('sha256:'.length)}`;

let work: string;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function expectCorrupt(promise: Promise<unknown>, message: RegExp): Promise<LayerLensError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LayerLensError);
  expect((error as LayerLensError).code).toBe('ARCHIVE_CORRUPT');
  expect((error as LayerLensError).message).toMatch(message);
  return error as LayerLensError;
}

const paths = (image: LoadedImage, layer: number): string[] => image.layers[layer].index.entries.map((e) => e.path);

describeWithDiveArchives("readImageArchiveFile on dive's archives", () => {
  it("reads the legacy docker save: 14 layers, diff IDs from the config, dive's sizes", async () => {
    const image = await readImageArchiveFile(diveArchive('test-docker-image.tar'));
    expect(image.repoTags).toEqual(['dive-test:latest']);
    expect(image.layers).toHaveLength(14);
    expect(image.layers.map((l) => l.diffId)).toEqual(image.config.rootfs?.diff_ids);
    expect(image.configDigest).toBe('sha256:75ae28b8ebf89b203319069ddcbecdf5c3838503bbebc0d0d85e4b8589c5de3a');
    const sizes = image.layers.map((l) => l.index.sizeBytes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1220598);
    expect(sizes.slice(1).reduce((a, b) => a + b, 0)).toBe(66237);
    expect(paths(image, 0)).toContain('/bin/busybox');
    expect(paths(image, 1)).toEqual(['/somefile.txt']);
    // RUN rm -rf /root/example/ is layer 10 (index 9): a whiteout for /root/example.
    const removal = image.layers[9].index.entries.find((e) => e.path === '/root/example');
    expect(removal).toMatchObject({ whiteout: true, size: 0 });
    expect(image.layers.slice(0, 9).some((l) => l.index.entries.some((e) => e.path === '/root/example' && e.whiteout))).toBe(false);
    // RUN mv /root/example/somefile3.txt /root/saved.txt (layer 8) deletes the file it moves.
    expect(image.layers[7].index.entries.find((e) => e.whiteout)?.path).toBe('/root/example/somefile3.txt');
    expect(image.config.history?.length).toBeGreaterThan(14);
  });

  it('reads the kaniko tarball (gzip layers named <digest>.tar.gz)', async () => {
    const image = await readImageArchiveFile(diveArchive('test-kaniko-image.tar'));
    expect(image.repoTags).toEqual(['dive-test:kaniko-latest']);
    expect(image.layers).toHaveLength(14);
    expect(image.layers.every((l) => l.compression === 'gzip')).toBe(true);
    expect(image.layers.map((l) => l.diffId)).toEqual(image.config.rootfs?.diff_ids);
    expect(paths(image, 1)).toContain('/somefile.txt');
    expect(image.layers[9].index.entries.some((e) => e.path === '/root/example' && e.whiteout)).toBe(true);
  });

  it('reads the OCI uncompressed, gzip, zstd and eStargz variants to the same content', async () => {
    const variants = ['uncompressed', 'gzip', 'zstd', 'estargz'];
    const images = await Promise.all(variants.map((v) => readImageArchiveFile(diveArchive(`test-oci-${v}-image.tar`))));
    expect(images.map((i) => i.layers[0].compression)).toEqual(['none', 'gzip', 'zstd', 'gzip']);
    for (const image of images) {
      expect(image.layers).toHaveLength(1);
      expect(image.layers.map((l) => l.diffId)).toEqual(image.config.rootfs?.diff_ids);
      expect(image.layers[0].index.entries).toEqual(images[0].layers[0].index.entries);
      expect(image.config.architecture).toBe('arm64');
    }
    // The three plain variants are the same layer; eStargz adds its TOC after the tar end, so its diff ID differs.
    expect(new Set(images.slice(0, 3).map((i) => i.layers[0].diffId)).size).toBe(1);
    expect(images[3].layers[0].diffId).not.toBe(images[0].layers[0].diffId);
    expect(images[0].layers[0].index.entries.map((e) => e.path)).toEqual(['/README.md']);
    expect(images[1].layers[0].blobDigest).toBe('sha256:9aef42427209c9a180c61bb36b0b09681cbe3d3ff6409408bde0eb17ec1ba0cc');
  });

  it('names the platforms there are when the requested one is absent', async () => {
    const error = await readImageArchiveFile(diveArchive('test-oci-gzip-image.tar'), { platform: 'linux/amd64' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toContain('linux/arm64');
    const chosen = await readImageArchiveFile(diveArchive('test-oci-gzip-image.tar'), { platform: 'linux/arm64/v8' });
    expect(chosen.layers).toHaveLength(1);
  });
});

describe('readImageArchive on broken input', () => {
  it('rejects random bytes, an empty file and an empty tar with ARCHIVE_CORRUPT (truncated archives: archive-formats.docker.test.ts)', async () => {
    const random = path.join(work, 'random.bin');
    await fs.writeFile(random, randomBytes(100_000));
    await expectCorrupt(readImageArchiveFile(random), /not a tar archive/);

    const empty = path.join(work, 'empty.tar');
    await fs.writeFile(empty, Buffer.alloc(0));
    await expectCorrupt(readImageArchiveFile(empty), /not an image archive/);

    const emptyTar = path.join(work, 'empty-tar.tar');
    await fs.writeFile(emptyTar, await packTar([]));
    await expectCorrupt(readImageArchiveFile(emptyTar), /not an image archive: it is an empty tar/);
  });

  it('rejects a tar without a manifest', async () => {
    const data = await packTar([{ name: 'hello.txt', content: 'hi' }]);
    await expectCorrupt(readImageArchive(chunked(data)), /no manifest\.json or index\.json/);
  });

  it('rejects a layer whose content is not the diff ID the config names', async () => {
    const layer = await packTar([{ name: 'a.txt', content: 'a' }]);
    const config = Buffer.from(
      JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [`sha256:${'0'.repeat(64)}`] } }),
    );
    const archive = await packTar([
      { name: 'abc/layer.tar', content: layer },
      { name: 'config.json', content: config },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['x:1'], Layers: ['abc/layer.tar'] }]) },
    ]);
    await expectCorrupt(readImageArchive(chunked(archive)), /layer 1 \(abc\/layer\.tar\).*expects sha256:0000/);
  });

  it('rejects a manifest that names a missing layer', async () => {
    const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: [`sha256:${'0'.repeat(64)}`] } }));
    const archive = await packTar([
      { name: 'config.json', content: config },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', Layers: ['gone/layer.tar'] }]) },
    ]);
    await expectCorrupt(readImageArchive(chunked(archive)), /gone\/layer\.tar, which is not in the archive/);
  });
});

/** An OCI layout archive with one image per platform, blobs first and index.json last (as Docker 25+ writes). */
async function multiPlatformArchive(options: { nested: boolean; compress: (b: Buffer) => Buffer; layerType: string }) {
  const members: TarMember[] = [];
  const descriptors: object[] = [];
  const layers: Record<string, Buffer> = {};
  for (const arch of ['amd64', 'arm64']) {
    const tarData = await packTar([{ name: `etc/arch-${arch}`, content: arch }]);
    layers[arch] = tarData;
    const blob = options.compress(tarData);
    const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: arch, rootfs: { type: 'layers', diff_ids: [digest(tarData)] } }));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
        layers: [{ mediaType: options.layerType, digest: digest(blob), size: blob.length }],
      }),
    );
    members.push({ name: blobName(digest(blob)), content: blob }, { name: blobName(digest(config)), content: config });
    members.push({ name: blobName(digest(manifest)), content: manifest });
    descriptors.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digest(manifest),
      size: manifest.length,
      platform: { os: 'linux', architecture: arch },
    });
  }
  // An attestation manifest, as buildx adds: never a candidate.
  descriptors.push({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${'e'.repeat(64)}`,
    size: 1,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
  });
  const imageIndex = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: descriptors }));
  const annotations = { 'io.containerd.image.name': 'docker.io/library/multi:1', 'org.opencontainers.image.ref.name': '1' };
  let top: object;
  if (options.nested) {
    members.push({ name: blobName(digest(imageIndex)), content: imageIndex });
    top = {
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: digest(imageIndex), size: imageIndex.length, annotations }],
    };
  } else {
    top = { ...JSON.parse(imageIndex.toString()), annotations };
    (top as { manifests: object[] }).manifests = descriptors.map((d) => ({
      ...d,
      annotations: { ...annotations, ...(d as { annotations?: object }).annotations },
    }));
  }
  members.push({ name: 'index.json', content: JSON.stringify(top) }, { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' });
  return { archive: await packTar(members), layers };
}

describe('readImageArchive on multi-platform OCI archives', () => {
  it('picks the requested platform through a nested containerd index, with the repo tag from annotations', async () => {
    const { archive, layers } = await multiPlatformArchive({
      nested: true,
      compress: gzip,
      layerType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    });
    for (const arch of ['amd64', 'arm64']) {
      const image = await readImageArchive(chunked(archive), { platform: `linux/${arch}` });
      expect(image.config.architecture).toBe(arch);
      expect(image.layers[0].diffId).toBe(digest(layers[arch]));
      expect(image.layers[0].index.entries.map((e) => e.path)).toEqual([`/etc/arch-${arch}`]);
      expect(image.repoTags).toEqual(['multi:1']);
    }
    const error = await readImageArchive(chunked(archive), { platform: 'linux/s390x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toMatch(/linux\/amd64, linux\/arm64/);
  });

  it("defaults to this machine's platform", async () => {
    const { archive } = await multiPlatformArchive({
      nested: false,
      compress: zstdCompress,
      layerType: 'application/vnd.oci.image.layer.v1.tar+zstd',
    });
    const image = await readImageArchive(chunked(archive));
    expect(image.config.architecture).toBe(process.arch === 'arm64' ? 'arm64' : 'amd64');
    expect(image.layers[0].compression).toBe('zstd');
  });
});
