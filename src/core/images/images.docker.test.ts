/**
 * Against the real engine: what LayerLens reports for an image with three known layers equals what
 * `docker image inspect` and `docker history` say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureImage, docker, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { createLayerLensCore, type LayerLensCore } from '../api/layerlens-core';

const tag = uniqueTag('three-layers');
let imageId: string;
let core: LayerLensCore;

beforeAll(async () => {
  imageId = await buildFixtureImage('three-layers', tag);
  core = createLayerLensCore({ frontDoor: 'cli', watch: false });
});

afterAll(async () => {
  core?.close();
  await removeImage(tag);
});

describe('images from the real engine', () => {
  it('lists exactly the images `docker images` lists, with the same sizes', async () => {
    const list = await core.listImages();
    const ids = (await docker('images', '-q', '--no-trunc')).split('\n').filter(Boolean);
    expect(new Set(list.images.map((i) => i.id))).toEqual(new Set(ids));
    for (const image of list.images) {
      const size = Number((await docker('image', 'inspect', '-f', '{{.Size}}', image.id)).trim());
      expect(image.sizeBytes, image.id).toBe(size);
    }
    const mine = list.images.find((i) => i.id === imageId);
    expect(mine?.repoTags).toContain(tag);
    expect(list.totalDiskBytes).toBeGreaterThanOrEqual(mine!.sizeBytes);
  });

  it('maps history onto layers with the sizes and instructions docker reports', async () => {
    const detail = await core.inspectImage(tag);
    const inspect = JSON.parse(await docker('image', 'inspect', tag))[0];
    expect(detail.id).toBe(inspect.Id);
    expect(detail.sizeBytes).toBe(inspect.Size);
    expect(detail.layers.map((l) => l.digest)).toEqual(inspect.RootFS.Layers);
    expect(detail.layers).toHaveLength(4);

    // docker history, newest first; the non-zero rows are the layers with bytes.
    const rows = (await docker('history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', tag))
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'))
      .reverse();
    const sized = rows.filter(([size]) => Number(size) > 0);
    expect(detail.layers.map((l) => [l.sizeBytes, l.createdBy])).toEqual(sized.map(([size, by]) => [Number(size), by]));
    expect(detail.historyExact).toBe(true);

    const [, random, payload, app] = detail.layers;
    expect(random.instruction).toBe('RUN head -c 3000000 /dev/urandom > /opt/random-3mb.bin');
    expect(random.sizeBytes).toBe(3_000_000);
    expect(payload.instruction).toMatch(/^COPY file:\w+ in \/opt\/payload\.txt$/);
    expect(payload.sizeBytes).toBe(20_000);
    expect(app.instruction).toContain('/opt/app/one-mb.bin');
    expect(app.sizeBytes).toBe(1_000_000);
    expect(detail.layers.reduce((sum, l) => sum + l.sizeBytes, 0)).toBe(inspect.Size);
  });

  it('summarises the config as docker inspect has it', async () => {
    const { config, os, architecture, metadataSteps } = await core.inspectImage(tag);
    const inspect = JSON.parse(await docker('image', 'inspect', tag))[0];
    expect(config.cmd).toEqual(inspect.Config.Cmd);
    expect(config.env).toEqual(inspect.Config.Env);
    expect(config.exposedPorts).toEqual(['8080/tcp']);
    expect(config.workingDir).toBe('/opt/app');
    expect(config.labels).toEqual({ 'org.layerlens.test': 'three-layers' });
    expect(config.user).toBe('');
    expect([os, architecture]).toEqual([inspect.Os, inspect.Architecture]);
    expect(metadataSteps.map((s) => s.instruction.split(' ')[0])).toEqual(expect.arrayContaining(['ENV', 'EXPOSE', 'LABEL', 'WORKDIR', 'CMD']));
  });

  it('says IMAGE_NOT_FOUND for an image that is not there, and refuses a malformed name', async () => {
    await expect(core.inspectImage('layerlens-test/does-not-exist:never')).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    await expect(core.inspectImage('../containers/json')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('tells a watching client when images change', async () => {
    const watcher = createLayerLensCore({ frontDoor: 'serve', watch: true });
    const extraTag = uniqueTag('three-layers-retag');
    try {
      expect((await watcher.start()).state).toBe('connected');
      const changed = new Promise((resolve) => watcher.on('imagesChanged', (change) => change.action === 'tag' && resolve(change)));
      await docker('tag', tag, extraTag);
      await expect(changed).resolves.toMatchObject({ action: 'tag', id: imageId });
    } finally {
      watcher.close();
      await removeImage(extraTag);
    }
  });
});
