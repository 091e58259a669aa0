import { describe, expect, it } from 'vitest';
import { guessFacts, isNodeImageName, parseImageRef, slimVariant, smallerRuntimeBase } from './base-images';

describe('base images', () => {
  it('parses refs with registries and ports', () => {
    expect(parseImageRef('node:18')).toEqual({ name: 'node', tag: '18', digest: undefined });
    expect(parseImageRef('localhost:5000/a/b')).toEqual({ name: 'localhost:5000/a/b', digest: undefined });
    expect(parseImageRef('x/y:1@sha256:ab')).toEqual({ name: 'x/y', tag: '1', digest: 'sha256:ab' });
  });

  it('maps official tags to the slim variant of the same release and libc; small ones stay', () => {
    expect(slimVariant('18')).toBe('18-slim');
    expect(slimVariant('20-bookworm')).toBe('20-bookworm-slim');
    expect(slimVariant('bullseye')).toBe('bullseye-slim');
    expect(slimVariant(undefined)).toBe('slim');
    expect(slimVariant('18-alpine')).toBeUndefined();
    expect(slimVariant('18-slim')).toBeUndefined();
    expect(smallerRuntimeBase('node:18')).toMatchObject({ image: 'node:18-slim', same: false });
    expect(smallerRuntimeBase('node:18-alpine')).toMatchObject({ image: 'node:18-alpine', same: true });
    expect(smallerRuntimeBase('node:18@sha256:abc')).toMatchObject({ image: 'node:18@sha256:abc', same: true });
  });

  it('keeps unknown bases, and the user choice wins', () => {
    expect(smallerRuntimeBase('acme/node:18')).toMatchObject({
      image: 'acme/node:18',
      same: true,
      reason: expect.stringContaining('no smaller variant'),
    });
    expect(smallerRuntimeBase('node:18', 'x/slim:1')).toMatchObject({ image: 'x/slim:1', same: false });
  });

  it('guesses what a base offers from its name', () => {
    expect(guessFacts('node:18-alpine')).toMatchObject({ libc: 'musl', nodeUser: true, packageTool: 'apk', pnpm: false });
    expect(guessFacts('node:18-slim')).toMatchObject({ libc: 'glibc', npm: true, curl: false, packageTool: 'apt' });
    expect(guessFacts('gcr.io/distroless/nodejs18-debian12')).toMatchObject({ shell: false, npm: false });
    expect(guessFacts('acme/app:1')).toEqual({});
  });

  it('tells Node images by name', () => {
    for (const name of ['node:18', 'docker.io/library/node', 'layerlens-test/node-full:18', 'nodejs:20', 'gcr.io/distroless/nodejs:18'])
      expect(isNodeImageName(name)).toBe(true);
    for (const name of ['nginx:1.27', 'python:3.12', 'acme/nodeless', 'ubuntu:22.04']) expect(isNodeImageName(name)).toBe(false);
  });
});
