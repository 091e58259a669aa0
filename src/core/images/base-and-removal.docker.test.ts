/**
 * Against the real engine: an image's base told apart from its build (by name, with the right own size,
 * smaller local bases measured); the history mapped onto layers the same way on the page and in the
 * analysis, for images built by the legacy builder and by BuildKit; removal and prune only after a
 * confirmation that says what is freed, and never of an image in use.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { createLayerLensCore, type LayerLensCore } from '../api/layerlens-core';

const run = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-base-'));
const cacheDir = path.join(work, 'cache');
const made: string[] = [];
const containers: string[] = [];
let core: LayerLensCore;

async function build(name: string, dockerfile: string, options: { buildkit?: boolean } = {}): Promise<string> {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  // Content of its own: an identical layer would be shared with another test image, and free nothing.
  fs.writeFileSync(path.join(dir, 'payload.txt'), randomBytes(25_000).toString('hex'));
  const tag = uniqueTag(name);
  made.push(tag);
  if (options.buildkit) {
    await run(fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker', ['build', '-q', '-t', tag, dir], {
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
    });
  } else await docker('build', '-q', '-t', tag, dir);
  return tag;
}

beforeAll(() => {
  core = createLayerLensCore({ frontDoor: 'serve', watch: false, cacheDir });
});
afterAll(async () => {
  core.close();
  for (const id of containers) await docker('rm', '-f', id).catch(() => undefined);
  for (const tag of made) await removeImage(tag);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the base of an image', () => {
  it('is the local image it starts with, named, with the size the build added on top', async () => {
    const tag = await build('on-busybox', 'FROM layerlens-test/busybox:stable\nCOPY payload.txt /payload.txt\nRUN echo built > /built.txt\n');
    const detail = await core.inspectImage(tag);
    expect(detail.base).toMatchObject({ how: 'local-image', name: 'layerlens-test/busybox:stable', layerCount: 2 });
    const baseSize = Number((await docker('image', 'inspect', '-f', '{{.Size}}', 'layerlens-test/busybox:stable')).trim());
    const analysis = await core.analyzeImage({ kind: 'engine', ref: tag });
    expect(analysis.base).toMatchObject({ how: 'local-image', name: 'layerlens-test/busybox:stable', layerCount: 2 });
    // What the build added: the 50 kB payload and the 6-byte file, as layer sizes count them.
    expect(analysis.ownSizeBytes).toBe(50_000 + 'built\n'.length);
    expect(analysis.base.sizeBytes + analysis.ownSizeBytes!).toBe(analysis.sizeBytes);
    expect(Math.abs(analysis.base.sizeBytes - baseSize)).toBeLessThan(baseSize * 0.05);
  });

  it("says when findings are the base's, and points at a smaller local base, measured", async () => {
    const tag = await build('on-node-full', 'FROM layerlens-test/node-full:18\nWORKDIR /app\nCOPY payload.txt .\n');
    const analysis = await core.analyzeImage({ kind: 'engine', ref: tag });
    expect(analysis.base.name).toBe('layerlens-test/node-full:18');
    const slimSize = Number((await docker('image', 'inspect', '-f', '{{.Size}}', 'layerlens-test/node-slim:18')).trim());
    expect(analysis.base.smaller).toContainEqual({ name: 'layerlens-test/node-slim:18', sizeBytes: slimSize });
    const inBase = analysis.findings.filter((f) => f.inBase);
    expect(inBase.length).toBeGreaterThan(0);
    for (const finding of inBase) {
      expect(finding.layerIndex).toBeLessThan(analysis.base.layerCount);
      expect(finding.fix).toMatch(/in the base image layerlens-test\/node-full:18 .*not in your Dockerfile.*layerlens-test\/node-slim:18/);
    }
    expect(analysis.findings.filter((f) => !f.inBase).every((f) => f.layerIndex < 0 || f.layerIndex >= analysis.base.layerCount)).toBe(true);
  });

  it('is unknown, and said so, when no local image shares its first layers', async () => {
    const tag = await build('from-scratch', 'FROM scratch\nCOPY payload.txt /payload.txt\n');
    expect((await core.inspectImage(tag)).base).toEqual({ how: 'unknown', layerCount: 0, sizeBytes: 0, smaller: [] });
  });
});

describe('history to layers, one mapping for the page and the analysis', () => {
  const dockerfile =
    'FROM layerlens-test/busybox:stable\nENV A=1\nWORKDIR /app\nCOPY payload.txt .\nRUN echo one > one.txt\nCMD ["sh"]\nWORKDIR /data\nEXPOSE 8080\n';

  it.each([
    ['legacy builder', false],
    ['BuildKit', true],
  ] as const)('%s', async (name, buildkit) => {
    const tag = await build(`mapping-${buildkit ? 'buildkit' : 'legacy'}`, dockerfile, { buildkit });
    const analysis = await core.analyzeImage({ kind: 'engine', ref: tag });
    // After an analysis the config is known: the page's mapping is the analysis's, exactly.
    const detail = await core.inspectImage(tag);
    expect(detail.historyExact, name).toBe(true);
    expect(detail.layers.map((l) => l.instruction)).toEqual(analysis.layers.map((l) => l.instruction));
    expect(detail.layers.map((l) => l.instruction)).not.toContainEqual(expect.stringMatching(/^(CMD|ENV|EXPOSE)\b/));
    expect(detail.metadataSteps.map((m) => m.instruction)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CMD \["sh"\]/), expect.stringMatching(/^EXPOSE/)]),
    );
  });
});

describe('removing images', () => {
  it('says what a removal frees before it, and removes only what was confirmed', async () => {
    const tag = await build('to-remove', 'FROM layerlens-test/busybox:stable\nCOPY payload.txt /payload.txt\n');
    const second = uniqueTag('to-remove-other-tag');
    made.push(second);
    await docker('tag', tag, second);
    // One of two tags: an untag, which frees nothing.
    const untag = await core.previewRemoval([tag]);
    expect(untag).toMatchObject({ freedBytes: 0, images: [{ names: [tag], freedBytes: 0 }] });
    // Both tags: the image goes, and its own bytes with it.
    const both = await core.previewRemoval([tag, second]);
    expect(both.images).toHaveLength(1);
    expect(both.freedBytes).toBeGreaterThanOrEqual(50_000);
    await expect(core.removeImages([tag, second], both.freedBytes + 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await docker('images', '-q', tag)).trim()).not.toBe('');
    const removed = await core.removeImages([tag, second], both.freedBytes);
    expect(removed.freedBytes).toBe(both.freedBytes);
    expect((await docker('images', '-q', tag)).trim()).toBe('');
    expect((await docker('images', '-q', second)).trim()).toBe('');
  });

  it('never removes an image a container uses; says which container', async () => {
    const tag = await build('in-use', 'FROM layerlens-test/busybox:stable\nCOPY payload.txt /payload.txt\n');
    containers.push((await docker('create', tag)).trim());
    const preview = await core.previewRemoval([tag]);
    expect(preview.freedBytes).toBe(0);
    expect(preview.images[0]!.blocked).toMatch(/^used by .* \(created\): remove it first$/);
    await core.removeImages([tag], 0);
    expect((await docker('images', '-q', tag)).trim()).not.toBe('');
  });

  it('lists dangling images with what pruning them frees, and refuses a stale confirmation', async () => {
    const tag = await build('dangling', 'FROM layerlens-test/busybox:stable\nCOPY payload.txt /payload.txt\n');
    const oldId = (await docker('image', 'inspect', '-f', '{{.Id}}', tag)).trim();
    fs.writeFileSync(path.join(work, 'dangling', 'payload.txt'), randomBytes(30_000).toString('hex'));
    await docker('build', '-q', '-t', tag, path.join(work, 'dangling'));
    const preview = await core.previewPrune();
    const ours = preview.images.find((i) => i.id === oldId);
    expect(ours).toMatchObject({ names: ['<none>'] });
    expect(ours!.freedBytes).toBeGreaterThanOrEqual(50_000);
    await expect(core.pruneImages(preview.freedBytes - 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // The test removes only what it made: its own dangling image, by id.
    await core.removeImages([oldId], ours!.freedBytes);
    expect((await docker('images', '-q', '--no-trunc')).split('\n')).not.toContain(oldId);
  });
});
