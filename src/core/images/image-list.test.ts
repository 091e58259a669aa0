import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine, podmanVersion } from '../../../test/fake-engine';
import { createDockerClient } from '../engine/docker-client';
import { parseEngineHost } from '../engine/endpoint';
import { describeImages } from './image-facts';
import { BaseImageFinder } from './base-image';
import { listImages, pairLayers } from './image-list';
import { namedTag } from './image-removal';

const hex = (c: string) => c.repeat(64);
const base = `sha256:${hex('b')}`;
const app = `sha256:${hex('a')}`;
const diff = (c: string) => `sha256:${hex(c)}`;

/** Podman 4.3 as its Docker-compatible API answers: LayersSize 0, bare IDs in df, tar-sized history steps. */
function podmanLike(): FakeEngine {
  return new FakeEngine({
    '/version': podmanVersion,
    '/images/json': [
      { Id: base, RepoTags: ['localhost/base:1'], Created: 1, Size: 3072 + 2048 + 1000, Containers: 0 },
      { Id: app, RepoTags: ['localhost/app:1'], Created: 2, Size: 3072 + 2048 + 1536 + 1200, Containers: 0 },
    ],
    '/system/df': {
      LayersSize: 0,
      Images: [
        { Id: hex('b'), Size: 6120, SharedSize: 5120, RepoTags: ['1'] },
        { Id: hex('a'), Size: 7856, SharedSize: 5120, RepoTags: ['1'] },
      ],
    },
    [`/images/${base}/json`]: { Id: base, Size: 6120, RootFS: { Layers: [diff('1'), diff('2')] } },
    [`/images/${base}/history`]: [
      { Id: hex('b'), CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
      { Id: '<missing>', CreatedBy: '/bin/sh -c echo 2', Size: 2048 },
      { Id: '<missing>', CreatedBy: '', Size: 3072 },
    ],
    [`/images/${app}/json`]: { Id: app, Size: 7856, RootFS: { Layers: [diff('1'), diff('2'), diff('3')] } },
    [`/images/${app}/history`]: [
      { Id: hex('a'), CreatedBy: '/bin/sh -c #(nop) COPY x /x', Size: 1536 },
      { Id: '<missing>', CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
      { Id: '<missing>', CreatedBy: '/bin/sh -c echo 2', Size: 2048 },
      { Id: '<missing>', CreatedBy: '', Size: 3072 },
    ],
  });
}

let engine: FakeEngine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

async function client(fake: FakeEngine) {
  engine = fake;
  await fake.start();
  return createDockerClient(parseEngineHost(fake.host, 'test'));
}

describe('the layer chains of local images', () => {
  it('are stored between processes: a second finder on the same file inspects no image again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-chains-'));
    try {
      const file = path.join(dir, 'layer-chains.json');
      const fake = podmanLike();
      const docker = await client(fake);
      const first = await new BaseImageFinder(file).localImages(docker);
      const inspects = () => fake.requests.filter((p) => /^\/images\/[^/]+\/json$/.test(p) && p !== '/images/json').length;
      expect(inspects()).toBe(2);
      const second = await new BaseImageFinder(file).localImages(docker);
      expect(inspects()).toBe(2);
      expect(second).toEqual(first);
      // A damaged file is only a slower start.
      fs.writeFileSync(file, '{not json');
      expect(await new BaseImageFinder(file).localImages(docker)).toEqual(first);
      expect(inspects()).toBe(4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listImages on Podman', () => {
  it('counts the disk from the layers, each once, where Podman says LayersSize 0', async () => {
    const docker = await client(podmanLike());
    const list = await listImages(docker);
    expect(list.images.map((i) => i.id)).toEqual([app, base]);
    expect(list.totalDiskBytes).toBe(3072 + 2048 + 1536);
  });

  it("reads own and shared bytes from Podman's df, whose IDs lack the sha256: prefix", async () => {
    const docker = await client(podmanLike());
    const facts = await describeImages(docker, new BaseImageFinder(), async () => null);
    expect(facts.find((f) => f.id === app)).toMatchObject({ ownBytes: 7856 - 5120, sharedBytes: 5120, base: { id: base, layerCount: 2 } });
  });

  it('asks Docker nothing more: its LayersSize is the figure', async () => {
    const docker = await client(
      new FakeEngine({ '/images/json': [{ Id: app, RepoTags: ['app:1'], Created: 2, Size: 10 }], '/system/df': { LayersSize: 0 } }),
    );
    expect((await listImages(docker)).totalDiskBytes).toBe(0);
    expect(engine!.requests.filter((r) => r.includes('/history'))).toEqual([]);
  });
});

describe('pairLayers', () => {
  it('pairs the sized history steps (newest first) with the diff IDs (oldest first), keyed by chain', () => {
    expect(pairLayers(['d1', 'd2'], [{ Size: 0 }, { Size: 20 }, { Size: 10 }])).toEqual([
      { chain: 'd1', sizeBytes: 10 },
      { chain: 'd1,d2', sizeBytes: 20 },
    ]);
  });

  it('gives up when the counts disagree', () => {
    expect(pairLayers(['d1', 'd2'], [{ Size: 20 }])).toBeUndefined();
  });
});

describe('namedTag', () => {
  const tags = ['localhost/app:1', 'docker.io/layerlens-test/x:2', 'docker.io/library/node:latest', 'reg:5000/y:latest'];
  it('finds the tag a short name means on Docker and on Podman', () => {
    expect(namedTag('localhost/app:1', tags)).toBe('localhost/app:1');
    expect(namedTag('app:1', tags)).toBe('localhost/app:1');
    expect(namedTag('layerlens-test/x:2', tags)).toBe('docker.io/layerlens-test/x:2');
    expect(namedTag('node', tags)).toBe('docker.io/library/node:latest');
    expect(namedTag('reg:5000/y', tags)).toBe('reg:5000/y:latest');
  });

  it('is undefined for an ID or another tag: the image is named by its ID', () => {
    expect(namedTag(`sha256:${hex('a')}`, tags)).toBeUndefined();
    expect(namedTag('app:2', tags)).toBeUndefined();
  });
});
