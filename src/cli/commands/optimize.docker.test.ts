/**
 * End to end on the real engine with the stand-in bases: the mission's express app built bloated, made lean
 * by `layerlens optimize --verify`, and the lean image checked from outside (docker CLI): same HTTP
 * answer, no devDependencies, non-root, smaller than the mission's hand-written fix.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingImages, docker, fixturesDir, removeImage, removeNewDangling, uniqueTag } from '../../../test/docker-fixtures';
import type { RebuildOutcome } from '../../shared/rebuild';
import { ownerLabel } from '../../core/build/containers';
import { run } from '../index';

const app = path.join(fixturesDir, 'mission-app');
const tag = uniqueTag('mission');
const handfix = uniqueTag('mission-handfix');
const leanTag = `${tag}-lean`;

let danglingBefore = new Set<string>();
beforeAll(async () => {
  danglingBefore = await danglingImages();
});

afterAll(async () => {
  for (const image of [leanTag, tag, handfix]) await removeImage(image);
  await removeNewDangling(danglingBefore);
  const left = (await docker('ps', '-a', '--format', '{{.Names}}'))
    .split('\n')
    .filter((n) => n.startsWith(`layerlens-verify-`) || n.startsWith('layerlens-probe-'));
  for (const name of left) if (name.includes(`-${process.pid}-`)) await docker('rm', '-f', name).catch(() => undefined);
});

async function inImage(image: string, script: string): Promise<string> {
  return docker('run', '--rm', '--entrypoint', '/bin/sh', image, '-c', script);
}

describe('optimize the mission app', () => {
  it('builds bloated, rewrites, builds lean, verifies', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['optimize', app, '--runtime-base', 'layerlens-test/node-slim:18', '--verify', '--tag', tag, '--no-write', '--json'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    expect(code, err.join('\n')).toBe(0);
    const { result, plan } = JSON.parse(out.join('\n')) as RebuildOutcome;
    expect(result.original.image).toBe(tag);
    expect(result.lean!.image).toBe(leanTag);
    expect(result).toMatchObject({ verdict: 'lean', chosen: 'c1' });
    expect(result.verify!.checks.map((c) => c.name)).toEqual(['starts and answers', 'GET / status', 'GET / body']);
    expect(plan.changes.length).toBeGreaterThan(3);
    expect(err.some((l) => /^\[build-lean\] Step \d+\/\d+ : /.test(l))).toBe(true);
    expect(result.measured!.devDependencies).toEqual({ original: ['mocha', 'typescript'], lean: [] });

    // The bloated original really had the problems.
    expect(await inImage(tag, 'ls node_modules')).toMatch(/typescript/);
    expect(await inImage(tag, 'test -e /app/.npmrc && echo yes')).toContain('yes');

    // No devDependencies, express present.
    const modules = (await inImage(leanTag, 'ls node_modules')).split('\n');
    expect(modules).toContain('express');
    for (const dev of ['typescript', 'mocha']) expect(modules).not.toContain(dev);
    // Non-root.
    const user = (await docker('image', 'inspect', '-f', '{{.Config.User}}', leanTag)).trim();
    expect(user).not.toBe('');
    expect(['root', '0'].includes(user.split(':')[0]!)).toBe(false);
    expect((await docker('run', '--rm', '--entrypoint', 'id', leanTag, '-u')).trim()).not.toBe('0');
    // The config is the original's but for the listed change (the user).
    expect(result.config).toEqual([{ field: 'User', original: '(none)', lean: 'app', explainedBy: 'Runs as a new "app" user (UID 10001)' }]);

    // Smaller than the mission's hand-written fix on the same stand-in bases.
    await docker('build', '-q', '-f', path.join(app, 'Dockerfile.handfix'), '-t', handfix, app);
    const handfixSize = Number((await docker('image', 'inspect', '-f', '{{.Size}}', handfix)).trim());
    console.log(
      `bloated ${result.original.sizeBytes} B, hand-written fix ${handfixSize} B, lean ${result.lean!.sizeBytes} B, lean/fix ${(result.lean!.sizeBytes / handfixSize).toFixed(3)}`,
    );
    expect(result.lean!.sizeBytes).toBeLessThan(handfixSize);
    expect(result.lean!.sizeBytes).toBeLessThan(result.original.sizeBytes);

    // No verify/probe container of this run is left (other LayerLens processes may be verifying meanwhile).
    const names = (await docker('ps', '-a', '--filter', `label=${ownerLabel}=${os.hostname()}/${process.pid}`, '--format', '{{.Names}}')).split('\n');
    expect(names.filter((n) => n.startsWith('layerlens-verify-') || n.startsWith('layerlens-probe-'))).toEqual([]);
  });

  it('refuses to move an existing lean tag', async () => {
    const err: string[] = [];
    const code = await run(['optimize', app, '--runtime-base', 'layerlens-test/node-slim:18', '--build', '--tag', tag, '--no-write'], {
      out: () => undefined,
      err: (t) => err.push(t),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/already exists; LayerLens does not move existing tags/);
    // Nothing was built for it: the tag is checked first.
    expect(err.join('\n')).not.toMatch(/Step \d+\/\d+/);
  });
});
