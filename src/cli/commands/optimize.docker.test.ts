/**
 * End to end on the real engine with the stand-in bases: the mission's express app built bloated, rewritten
 * by `layerlens optimize --build --verify`, and the lean image checked from outside (docker CLI): same HTTP
 * answer, no devDependencies, non-root, no .npmrc, smaller than the mission's hand-written fix.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingImages, docker, fixturesDir, removeImage, removeNewDangling, uniqueTag } from '../../../test/docker-fixtures';
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
  const left = (await docker('ps', '-a', '--format', '{{.Names}}')).split('\n').filter((n) => n.startsWith(`layerlens-verify-`) || n.startsWith('layerlens-probe-'));
  for (const name of left) if (name.includes(`-${process.pid}-`)) await docker('rm', '-f', name).catch(() => undefined);
});

async function inImage(image: string, script: string): Promise<string> {
  return docker('run', '--rm', '--entrypoint', '/bin/sh', image, '-c', script);
}

describe('optimize the mission app', () => {
  it('builds bloated, rewrites, builds lean, verifies', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(
      ['optimize', app, '--runtime-base', 'layerlens-test/node-slim:18', '--builder-base', 'layerlens-test/node-full:18', '--build', '--verify', '--tag', tag, '--no-write', '--json'],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    expect(code, err.join('\n')).toBe(0);
    const result = JSON.parse(out.join('\n')) as {
      dockerfile: string;
      changes: { id: string; reason: string }[];
      original: { image: string; sizeBytes: number };
      lean: { image: string; sizeBytes: number };
      verify: { passed: boolean; checks: { name: string; passed: boolean }[]; original: { logs: string }; lean: { logs: string } };
    };
    expect(result.original.image).toBe(tag);
    expect(result.lean.image).toBe(leanTag);
    expect(result.verify.passed).toBe(true);
    expect(result.verify.checks.map((c) => c.name)).toEqual(['starts and answers', 'GET / status', 'GET / body']);
    expect(result.changes.length).toBeGreaterThan(3);
    expect(err.some((l) => /^\[lean\] Step \d+\/\d+ : /.test(l))).toBe(true);

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
    // No .npmrc anywhere in the app, NODE_ENV=production.
    expect(await inImage(leanTag, 'find / -xdev -name .npmrc 2>/dev/null | grep -v "^/usr" ; echo done')).toBe('done\n');
    expect(await docker('image', 'inspect', '-f', '{{json .Config.Env}}', leanTag)).toContain('NODE_ENV=production');

    // Smaller than the mission's hand-written fix on the same stand-in bases.
    await docker('build', '-q', '-f', path.join(app, 'Dockerfile.handfix'), '-t', handfix, app);
    const handfixSize = Number((await docker('image', 'inspect', '-f', '{{.Size}}', handfix)).trim());
    console.log(`bloated ${result.original.sizeBytes} B, hand-written fix ${handfixSize} B, lean ${result.lean.sizeBytes} B, lean/fix ${(result.lean.sizeBytes / handfixSize).toFixed(3)}`);
    expect(result.lean.sizeBytes).toBeLessThan(handfixSize);
    expect(result.lean.sizeBytes).toBeLessThan(result.original.sizeBytes);

    // No verify/probe container is left.
    const names = (await docker('ps', '-a', '--format', '{{.Names}}')).split('\n');
    expect(names.filter((n) => n.startsWith('layerlens-verify-') || n.startsWith('layerlens-probe-'))).toEqual([]);
  });

  it('refuses to move an existing lean tag', async () => {
    const err: string[] = [];
    const code = await run(
      ['optimize', app, '--runtime-base', 'layerlens-test/node-slim:18', '--builder-base', 'layerlens-test/node-full:18', '--build', '--tag', tag, '--no-write'],
      { out: () => undefined, err: (t) => err.push(t) },
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/already exists; LayerLens does not move existing tags/);
  });
});
