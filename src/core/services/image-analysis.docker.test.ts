/**
 * Against the real engine: an image with known waste (a 5 MB file removed by a later RUN, a file copied
 * again by chmod, an npm cache left behind) is analysed from the engine, and each piece of waste is found
 * with the right bytes and the instruction that caused it. The oracle for the npm cache is the image itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureImage, docker, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import type { ImageAnalysis } from '../../shared/analysis';
import { createLayerLensCore, type LayerLensCore } from '../api/layerlens-core';

const tag = uniqueTag('known-waste');
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-cache-'));
let core: LayerLensCore;
let analysis: ImageAnalysis;

const layerOf = (a: ImageAnalysis, text: string) => a.layers.find((l) => l.instruction.includes(text))!;

beforeAll(async () => {
  await buildFixtureImage('known-waste', tag);
  core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir });
  analysis = await core.analyzeImage({ kind: 'engine', ref: tag });
}, 600_000);

afterAll(async () => {
  core?.close();
  await removeImage(tag);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

describe('analysis of an image with known waste, from the engine', () => {
  it('agrees with the engine on identity and layers', async () => {
    const inspect = JSON.parse(await docker('image', 'inspect', tag))[0];
    expect(analysis.id).toBe(inspect.Id);
    expect(analysis.repoTags).toContain(tag);
    expect(analysis.layers.map((l) => l.digest)).toEqual(inspect.RootFS.Layers);
    // dive's size counts file bytes in the layer tars; the engine's counts the same files on disk.
    expect(Math.abs(analysis.sizeBytes - inspect.Size) / inspect.Size).toBeLessThan(0.02);
  });

  it('finds the 5 MB file deleted by a later RUN, in the layer that stored it', () => {
    const stored = layerOf(analysis, 'head -c 5000000');
    const remover = layerOf(analysis, 'rm /opt/big-5mb.bin');
    const finding = analysis.findings.find((f) => f.category === 'hidden-by-later-layer' && f.files.some((file) => file.path === '/opt/big-5mb.bin'));
    expect(finding).toMatchObject({ bytes: 5_000_000, layerIndex: stored.index });
    expect(finding!.instruction).toBe(stored.instruction);
    expect(finding!.fix).toContain(`Layer ${remover.index}`);
    expect(stored.wastedBytes).toBe(5_000_000);
  });

  it('finds the file copied again by chmod, attributed to the chmod', () => {
    const chmod = layerOf(analysis, 'chmod 600 /opt/payload.bin');
    const finding = analysis.findings.find((f) => f.category === 'permission-rewrite' && f.layerIndex === chmod.index);
    expect(finding).toMatchObject({ bytes: 20_000, files: [{ path: '/opt/payload.bin', bytes: 20_000 }] });
    expect(finding!.instruction).toBe(chmod.instruction);
  });

  it('finds the npm cache with the bytes the image holds in /root/.npm', async () => {
    const npm = layerOf(analysis, 'npm cache add');
    const sizes = await docker('run', '--rm', tag, 'sh', '-c', "find /root/.npm -type f -printf '%s\\n'");
    const expected = sizes
      .split('\n')
      .filter(Boolean)
      .reduce((sum, n) => sum + Number(n), 0);
    const finding = analysis.findings.find((f) => f.category === 'package-cache' && f.layerIndex === npm.index);
    expect(expected).toBeGreaterThan(40_000);
    expect(finding).toMatchObject({ bytes: expected, instruction: npm.instruction });
    expect(finding!.fix).toMatch(/npm cache clean/);
  });

  it('sees the toolchain and the root user in the attack surface', () => {
    const surface = analysis.attackSurface;
    expect(surface.runsAsRoot).toBe(true);
    expect(surface.osPackages?.manager).toBe('dpkg');
    expect(surface.osPackages!.count).toBeGreaterThan(100);
    expect(surface.osPackages!.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['nodejs', 'gcc', 'make']));
    expect(surface.compilers.join(' ')).toMatch(/gcc/);
    expect(surface.packageManagers.join(' ')).toMatch(/npm/);
  });

  it('answers a second analysis from the layer cache without exporting the image', async () => {
    const again = await core.analyzeImage({ kind: 'engine', ref: tag });
    expect(again.cache).toEqual({ layersRead: 0, layersFromCache: analysis.layers.length });
    expect({ ...again, analysedAt: '', cache: analysis.cache }).toEqual({ ...analysis, analysedAt: '' });
  });

  it('reports progress and can be cancelled mid-read', async () => {
    const uncached = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir: fs.mkdtempSync(path.join(cacheDir, 'c-')) });
    const phases = new Set<string>();
    uncached.on('progress', (p) => {
      phases.add(p.phase);
      if (p.phase === 'read' && p.done > 50_000_000) void uncached.cancel('cancel-me');
    });
    try {
      await expect(uncached.analyzeImage({ kind: 'engine', ref: tag }, { operationId: 'cancel-me' })).rejects.toMatchObject({
        code: 'CANCELLED',
      });
      expect(phases.has('read')).toBe(true);
    } finally {
      uncached.close();
    }
  });
});
