/** Listing images: LayerLens's core (in process) and its CLI, against `docker images --format json`. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLayerLensCore } from '../src/core/api/layerlens-core';
import type { Benchmark } from './harness';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dockerImages: Benchmark['baseline'] = {
  label: '`docker images --format json`',
  run: () => exec('docker', ['images', '--format', 'json']),
};

export function imagesListBenchmarks(): Benchmark[] {
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false });
  return [
    {
      name: 'images-list (core API)',
      description: 'listImages through the contract, connection reused as in the app',
      iterations: 20,
      baseline: dockerImages,
      candidate: { label: 'LayerLens listImages()', run: () => core.listImages() },
      teardown: async () => core.close(),
    },
    {
      name: 'images-list (CLI process)',
      description: 'a whole `layerlens images --json` process, start-up included',
      iterations: 6,
      baseline: dockerImages,
      candidate: {
        label: '`layerlens images --json`',
        run: () => exec(process.execPath, [path.join(root, 'scripts/layerlens.mjs'), 'images', '--json'], { cwd: root }),
      },
    },
  ];
}
