/**
 * Hostile archives and OCI layouts, each made here by a generator: every one ends in a clear
 * ARCHIVE_CORRUPT naming what is wrong (or a bounded result), quickly, never a hang or another error.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayerLensError } from '../../shared/errors';
import { readImageArchive } from './archive-reader';
import { readOciLayoutDir } from './oci-dir-reader';
import type { LoadedImage } from './model';
import {
  blobPath,
  chunked,
  dockerSaveMembers,
  imageConfig,
  mediaTypes,
  ociBlob,
  ociImage,
  ociLayoutMembers,
  packTar,
  tempDir,
  writeMembers,
  type Blob,
  type Descriptor,
  type TarMember,
} from './test-support';

let work: string;
let dirs = 0;
beforeAll(async () => {
  work = await tempDir('layerlens-hostile-');
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

async function layoutDir(members: TarMember[]): Promise<string> {
  const dir = path.join(work, `layout-${++dirs}`);
  await writeMembers(dir, members);
  return dir;
}

/** The error a read ends with; fails the test when it is not ARCHIVE_CORRUPT matching `message`. */
async function corrupt(read: Promise<unknown>, message: RegExp): Promise<LayerLensError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LayerLensError);
  expect((error as LayerLensError).code).toBe('ARCHIVE_CORRUPT');
  expect((error as LayerLensError).message).toMatch(message);
  return error as LayerLensError;
}

/** Reads of the same layout members as an OCI archive tar and as an OCI layout folder. */
async function readBoth(members: TarMember[]): Promise<(() => Promise<LoadedImage>)[]> {
  const tar = await packTar(members);
  const dir = await layoutDir(members);
  return [() => readImageArchive(chunked(tar)), () => readOciLayoutDir(dir)];
}

const layerTar = (): Promise<Buffer> => packTar([{ name: 'etc/hello', content: 'hello' }]);

/** An index blob listing `children`, as containerd nests them. */
const indexBlob = (children: Descriptor[]): Blob => ociBlob({ schemaVersion: 2, mediaType: mediaTypes.index, manifests: children }, mediaTypes.index);

/** A blob stored under `digest` whatever its content: what a crafted archive does to make a cycle. */
const misnamed = (digest: string, content: object): TarMember => ({ name: blobPath(digest), content: JSON.stringify(content) });
const fakeDigest = (c: string): string => `sha256:${c.repeat(64)}`;
const indexDescriptor = (digest: string): Descriptor => ({ mediaType: mediaTypes.index, digest, size: 1 });

describe('OCI indexes that loop or nest without end (items 3, 4)', () => {
  it('rejects an index blob that lists itself, naming its digest, in archives and layout folders', async () => {
    const self = fakeDigest('a');
    const members = ociLayoutMembers([], [indexDescriptor(self)]);
    members.unshift(misnamed(self, { manifests: [indexDescriptor(self)] }));
    for (const read of await readBoth(members)) await corrupt(read(), new RegExp(self));
    // Without digest checks (the engine's own export) the walk itself must stop at the cycle.
    const tar = await packTar(members);
    await corrupt(readImageArchive(chunked(tar), { verifyDigests: false }), new RegExp(`${self} contains itself \\(an index cycle\\)`));
  });

  it('rejects a loop of two indexes A -> B -> A, naming the digest', async () => {
    const [a, b] = [fakeDigest('a'), fakeDigest('b')];
    const members = ociLayoutMembers([], [indexDescriptor(a)]);
    members.unshift(misnamed(a, { manifests: [indexDescriptor(b)] }), misnamed(b, { manifests: [indexDescriptor(a)] }));
    for (const read of await readBoth(members)) await corrupt(read(), new RegExp(a));
    const tar = await packTar(members);
    await corrupt(readImageArchive(chunked(tar), { verifyDigests: false }), new RegExp(`${a} contains itself`));
  });

  it('reads two nested indexes (containerd nests one) and rejects nine, naming the digest where it stops', async () => {
    const image = ociImage([await layerTar()]);
    const chain = (depth: number): { blobs: Blob[]; top: Descriptor } => {
      const blobs = [...image.blobs];
      let top = image.manifest.descriptor;
      for (let i = 0; i < depth; i++) {
        const index = indexBlob([top]);
        blobs.push(index);
        top = index.descriptor;
      }
      return { blobs, top };
    };
    const shallow = chain(2);
    for (const read of await readBoth(ociLayoutMembers(shallow.blobs, [shallow.top]))) {
      expect((await read()).layers).toHaveLength(1);
    }
    const deep = chain(9);
    const innermost = deep.blobs[image.blobs.length].descriptor.digest;
    for (const read of await readBoth(ociLayoutMembers(deep.blobs, [deep.top]))) {
      await corrupt(read(), new RegExp(`nest deeper than 8 levels at ${innermost}`));
    }
  });

  it('walks an index listing the same child 10,000 times once, quickly', async () => {
    const image = ociImage([await layerTar()]);
    const wide = indexBlob(Array.from({ length: 10_000 }, () => image.manifest.descriptor));
    const wider = indexBlob(Array.from({ length: 10_000 }, () => wide.descriptor));
    const members = ociLayoutMembers([...image.blobs, wide, wider], [wider.descriptor]);
    const started = Date.now();
    for (const read of await readBoth(members)) expect((await read()).layers).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('OCI blobs that are not what their descriptor says', () => {
  const fifoSupported = process.platform !== 'win32';

  async function layoutWithLayer(replace: (file: string, blob: Buffer) => Promise<void>, gzip = true): Promise<{ dir: string; digest: string }> {
    const image = ociImage([await layerTar()], { gzip });
    const layer = image.blobs[1];
    const dir = await layoutDir(ociLayoutMembers(image.blobs, [image.manifest.descriptor]));
    await replace(path.join(dir, layer.member.name), Buffer.from(layer.member.content!));
    return { dir, digest: layer.descriptor.digest };
  }

  it('refuses a layer blob that is a symlink to /dev/zero, at once', async () => {
    const { dir, digest } = await layoutWithLayer(async (file) => {
      await fs.rm(file);
      await fs.symlink('/dev/zero', file);
    });
    const started = Date.now();
    await corrupt(readOciLayoutDir(dir), new RegExp(`${digest} is not a regular file`));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.runIf(fifoSupported)('refuses a layer, manifest or config blob that is a FIFO without waiting on it', async () => {
    const { dir, digest } = await layoutWithLayer(async (file) => {
      await fs.rm(file);
      execFileSync('mkfifo', [file]);
    });
    await corrupt(readOciLayoutDir(dir), new RegExp(`${digest} is not a regular file`));

    const image = ociImage([await layerTar()]);
    const configDir = await layoutDir(ociLayoutMembers(image.blobs, [image.manifest.descriptor]));
    for (const blob of [image.manifest, image.blobs[0]]) {
      const file = path.join(configDir, blob.member.name);
      const saved = await fs.readFile(file);
      await fs.rm(file);
      execFileSync('mkfifo', [file]);
      await corrupt(readOciLayoutDir(configDir), new RegExp(`${blob.descriptor.digest} is not a regular file`));
      await fs.rm(file);
      await fs.writeFile(file, saved);
    }
  });

  it('refuses a layer blob longer or shorter than its descriptor declares, and one with another digest', async () => {
    const longer = await layoutWithLayer((file, blob) => fs.writeFile(file, Buffer.concat([blob, Buffer.alloc(4096)])));
    await corrupt(readOciLayoutDir(longer.dir), new RegExp(`${longer.digest} is \\d+ bytes, but the manifest says \\d+`));
    const shorter = await layoutWithLayer((file, blob) => fs.writeFile(file, blob.subarray(0, blob.length - 10)));
    await corrupt(readOciLayoutDir(shorter.dir), new RegExp(`${shorter.digest} is \\d+ bytes, but the manifest says \\d+`));
    const altered = await layoutWithLayer(async (file, blob) => {
      const changed = Buffer.from(blob);
      changed[changed.lastIndexOf('hello')] = 'j'.charCodeAt(0); // the file's content: still a readable tar
      await fs.writeFile(file, changed);
    }, false);
    await corrupt(readOciLayoutDir(altered.dir), new RegExp(`${altered.digest} has the digest sha256:`));
  });

  it('refuses, in an archive, a layer blob of another size than declared, and a config or manifest with another digest', async () => {
    const image = ociImage([await layerTar()], { gzip: true });
    const [config, layer] = image.blobs;
    const read = (members: TarMember[]) => packTar(members).then((tar) => readImageArchive(chunked(tar)));
    const members = (swap: Blob, content: Buffer): TarMember[] =>
      ociLayoutMembers(
        image.blobs.map((b) => (b === swap ? { ...b, member: { ...b.member, content } } : b)),
        [image.manifest.descriptor],
      );
    const layerBytes = Buffer.from(layer.member.content!);
    await corrupt(read(members(layer, Buffer.concat([layerBytes, Buffer.alloc(100)]))), /is \d+ bytes, but the manifest says \d+/);
    const otherConfig = Buffer.from(JSON.stringify({ ...imageConfig([]), os: 'linux' }).padEnd(config.descriptor.size));
    await corrupt(read(members(config, otherConfig.subarray(0, config.descriptor.size))), new RegExp(`${config.descriptor.digest} has the digest`));
    const manifestBytes = Buffer.from(image.manifest.member.content!);
    await corrupt(
      read(members(image.manifest, Buffer.from(manifestBytes.toString().replace('"schemaVersion":2', '"schemaVersion":3')))),
      new RegExp(`${image.manifest.descriptor.digest} has the digest`),
    );
  });
});

describe('archive metadata of the wrong shape', () => {
  const legacy = async (manifest: unknown): Promise<() => Promise<LoadedImage>> => {
    const members = dockerSaveMembers([await layerTar()]).map((m) => (m.name === 'manifest.json' ? { ...m, content: JSON.stringify(manifest) } : m));
    const tar = await packTar(members);
    return () => readImageArchive(chunked(tar), { source: 'the archive' });
  };

  it.each<[string, unknown, RegExp]>([
    ['[null]', [null], /manifest\.json\[0\] is malformed: expected object/],
    ['{}', {}, /manifest\.json is malformed: expected array/],
    ['null', null, /manifest\.json is malformed: expected array/],
    ['[{"Config": 5}]', [{ Config: 5, Layers: [] }], /manifest\.json\[0\]\.Config is malformed: expected string/],
    ['[{"Layers": "x"}]', [{ Layers: 'x' }], /manifest\.json\[0\]\.Layers is malformed: expected array/],
    ['Layers of numbers', [{ Config: 'c.json', Layers: [1] }], /manifest\.json\[0\]\.Layers\[0\] is malformed: expected string/],
    ['RepoTags of an object', [{ Config: 'c.json', Layers: [], RepoTags: {} }], /manifest\.json\[0\]\.RepoTags is malformed/],
  ])('manifest.json of %s names the bad field', async (_name, manifest, message) => {
    const error = await corrupt((await legacy(manifest))(), message);
    expect(error.message).toMatch(/^the archive: manifest\.json/);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /index\.json is malformed: expected object/],
    ['manifests of a string', { manifests: 'x' }, /index\.json\.manifests is malformed: expected array/],
    ['a digest of a number', { manifests: [{ digest: 5 }] }, /index\.json\.manifests\[0\]\.digest is malformed: expected string/],
    [
      'a size of a string',
      { manifests: [{ digest: fakeDigest('c'), size: 'big' }] },
      /index\.json\.manifests\[0\]\.size is malformed: expected number/,
    ],
    [
      'a platform os of a number',
      { manifests: [{ digest: fakeDigest('c'), platform: { os: 1, architecture: 'amd64' } }] },
      /manifests\[0\]\.platform\.os is malformed/,
    ],
    ['annotations of an array', { manifests: [], annotations: ['x'] }, /index\.json\.annotations is malformed/],
  ])('index.json of %s names the bad field, in archives and folders', async (_name, index, message) => {
    const members = ociLayoutMembers([], []).map((m) => (m.name === 'index.json' ? { ...m, content: JSON.stringify(index) } : m));
    for (const read of await readBoth(members)) await corrupt(read(), message);
  });

  it.each<[string, (d: Descriptor) => unknown, RegExp]>([
    ['null', () => null, /manifest sha256:[0-9a-f]+ is malformed: expected object/],
    ['config of a number', () => ({ mediaType: mediaTypes.manifest, config: 5, layers: [] }), /\.config is malformed: expected object/],
    ['layers of a string', (config) => ({ config, layers: 'x' }), /\.layers is malformed: expected array/],
  ])('an image manifest of %s names the bad field', async (_name, manifest, message) => {
    const image = ociImage([await layerTar()]);
    const bad = ociBlob(manifest(image.blobs[0].descriptor) as object, mediaTypes.manifest);
    for (const read of await readBoth(ociLayoutMembers([...image.blobs, bad], [bad.descriptor]))) await corrupt(read(), message);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /image config .* is not a JSON object|config is malformed: expected object/],
    ['an array', [], /is not a JSON object|expected object/],
    ['diff_ids of a string', { rootfs: { diff_ids: 'x' } }, /config\.rootfs\.diff_ids is malformed: expected array/],
    ['Env of a string', { config: { Env: 'PATH=/bin' } }, /config\.config\.Env is malformed: expected array/],
    ['history of an object', { history: {} }, /config\.history is malformed: expected array/],
    ['os of a number', { os: 5 }, /config\.os is malformed: expected string/],
  ])('an image config of %s names the bad field, in every reader', async (_name, config, message) => {
    const configBlob = ociBlob(config as object, mediaTypes.config);
    const manifest = ociBlob({ config: configBlob.descriptor, layers: [] }, mediaTypes.manifest);
    for (const read of await readBoth(ociLayoutMembers([configBlob, manifest], [manifest.descriptor]))) await corrupt(read(), message);
    // The legacy reader, choosing a platform from the configs.
    const members: TarMember[] = [
      { name: 'c.json', content: JSON.stringify(config) },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: [] }]) },
    ];
    await corrupt(readImageArchive(chunked(await packTar(members)), { platform: 'linux/amd64' }), message);
  });

  it('keeps only the config fields readers use: a crafted one nested a million deep is left behind', async () => {
    const layer = await layerTar();
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const config = JSON.stringify(imageConfig([layer])).replace(/^\{/, `{"x":${deep},`);
    const members = dockerSaveMembers([layer]).map((m) => (m.name.endsWith('.json') && m.name !== 'manifest.json' ? { ...m, content: config } : m));
    const image = await readImageArchive(chunked(await packTar(members)));
    expect(image.config).not.toHaveProperty('x');
    expect(() => JSON.stringify(image)).not.toThrow();
  });
});
