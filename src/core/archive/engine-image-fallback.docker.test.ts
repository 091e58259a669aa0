/**
 * Against the real engine, the path an engine over TLS or SSH takes: the export read through dockerode's
 * HTTP client (chunked, with read-ahead) instead of straight off the socket, to the same layers.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFixtureImage, docker, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { readEngineImage } from './engine-image-reader';
import { LayerIndexCache } from './layer-cache';
import { tempDir } from './test-support';

vi.mock('../engine/direct-stream', async (importOriginal) => {
  const real = await importOriginal<typeof import('../engine/direct-stream')>();
  return {
    ...real,
    openDirectStream: () => Promise.reject(new real.DirectStreamUnsupported('as for an engine over TLS')),
  };
});

const tag = uniqueTag('engine-fallback');
let work: string;

beforeAll(async () => {
  work = await tempDir('layerlens-fallback-');
  await buildFixtureImage('archive-layers', tag);
});

afterAll(async () => {
  await removeImage(tag);
  await fs.rm(work, { recursive: true, force: true });
});

describe('readEngineImage without the direct socket', () => {
  it('reads the export through the HTTP client to the layers docker reports', async () => {
    const engine = new Docker();
    const exports: string[] = [];
    const dial = engine.modem.dial.bind(engine.modem);
    engine.modem.dial = ((options: { path: string }, callback: never) => {
      exports.push(options.path);
      return dial(options as never, callback);
    }) as typeof engine.modem.dial;

    const image = await readEngineImage(engine, tag, { cache: new LayerIndexCache({ dir: path.join(work, 'cache') }) });
    expect(exports.filter((p) => p.endsWith('/get'))).toHaveLength(1);
    const diffIds = JSON.parse(await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', tag)) as string[];
    expect(image.layers.map((l) => l.diffId)).toEqual(diffIds);
    const top = image.layers[image.layers.length - 1].index.entries;
    expect(top.find((e) => e.path === '/opt/copied.txt')).toMatchObject({ type: 'file', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
