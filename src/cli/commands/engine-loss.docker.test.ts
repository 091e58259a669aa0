/**
 * The engine lost mid-work, for real: the CLI talks to the engine through a proxy (test/engine-proxy.ts)
 * that the test cuts in the middle of an export, a build and a verification. Each time the command exits 2
 * saying the connection was lost (never blaming the image or judging the lean image), and what it could not
 * clean up then is swept by the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { danglingImages, docker, fixturesDir, removeImage, removeNewDangling, uniqueTag } from '../../../test/docker-fixtures';
import { EngineProxy, type ProxyCall } from '../../../test/engine-proxy';
import { containerLabel } from '../../core/build/containers';
import { cli } from '../test-cli';

const app = path.join(fixturesDir, 'engine-loss-app');
const slim = 'layerlens-test/node-slim:18';
const tags: string[] = [];
let dangling: Set<string>;
let proxy: EngineProxy | undefined;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-loss-cache-'));

beforeAll(async () => {
  dangling = await danglingImages();
  // A cold cache: the image is exported, not answered from an earlier run's indexes.
  process.env.LAYERLENS_CACHE_DIR = cacheDir;
});
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});
afterAll(async () => {
  delete process.env.LAYERLENS_CACHE_DIR;
  for (const tag of tags) await removeImage(tag);
  await removeNewDangling(dangling);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function proxied(cutWhen: (call: ProxyCall) => boolean): Promise<EngineProxy> {
  proxy = new EngineProxy({ cutWhen });
  await proxy.start();
  return proxy;
}

/** Containers of this test process that carry LayerLens's label. */
async function ourContainers(): Promise<string[]> {
  const names = await docker('ps', '-a', '--filter', `label=${containerLabel}`, '--format', '{{.Names}}');
  return names.split('\n').filter((n) => n.includes(`-${process.pid}-`));
}

function newTag(name: string): string {
  const tag = uniqueTag(name);
  tags.push(tag, `${tag}-lean`);
  return tag;
}

describe('an engine lost mid-work', () => {
  it('mid-export: exit 2, the lost connection named, the image not blamed', async () => {
    const cut = await proxied((call) => /\/images\/.+\/get/.test(call.path) && call.answered > 4 * 1024 * 1024);
    const result = await cli('inspect', slim, '--host', cut.host);
    expect(cut.cutAt?.path).toMatch(/\/get$/);
    expect(result.code, result.err).toBe(2);
    expect(result.err).toMatch(/connection to the engine was lost while exporting layerlens-test\/node-slim:18 \(after \d/);
    expect(result.err).not.toMatch(/truncated|not a tar|corrupt/i);
  });

  it('mid-build: exit 2, no tag and no container left behind', async () => {
    const tag = newTag('loss-build');
    const cut = await proxied((call) => call.path.includes('/build') && call.answered > 0);
    const result = await cli('optimize', app, '--runtime-base', slim, '--build', '--tag', tag, '--no-write', '--host', cut.host);
    expect(cut.cutAt?.path).toContain('/build');
    expect(result.code, result.err).toBe(2);
    expect(result.err).toMatch(/connection to the Docker engine .* was lost|not running/);
    expect(await docker('images', '-q', tag)).toBe('');
    expect(await ourContainers()).toEqual([]);
  });

  it('mid-verify: exit 2 and no verdict; the leftover verify containers are swept by the next run', async () => {
    const tag = newTag('loss-verify');
    // The first container inspect is verification watching its containers (probes only wait and read logs).
    const cut = await proxied((call) => /\/containers\/[0-9a-f]+\/json/.test(call.path));
    const result = await cli('optimize', app, '--runtime-base', slim, '--verify', '--tag', tag, '--no-write', '--host', cut.host);
    expect(cut.cutAt?.path).toMatch(/\/containers\/[0-9a-f]+\/json/);
    expect(result.code, result.err).toBe(2);
    expect(result.err).toMatch(/was lost/);
    expect(`${result.out}\n${result.err}`).not.toMatch(/does not behave|verdict|FAIL/i);
    const left = await ourContainers();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((n) => n.startsWith('layerlens-verify-'))).toBe(true);

    // The next run (straight to the engine) removes them before it starts anything of its own.
    const next = await cli('optimize', app, '--runtime-base', slim, '--no-write');
    expect(next.code, next.err).toBe(0);
    expect(await ourContainers()).toEqual([]);
  });
});
