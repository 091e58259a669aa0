import { describe, expect, it } from 'vitest';
import { longestPrefixBase, smallerVariants } from './base-image';

const image = (id: string, tags: string[], layers: string[], sizeBytes = 100) => ({ id, tags, layers, sizeBytes });

describe('the base of an image', () => {
  const debian = image('sha256:deb', ['layerlens-test/debian:bookworm'], ['a']);
  const full = image('sha256:full', ['layerlens-test/node-full:18'], ['a', 'b'], 1_300);
  const slim = image('sha256:slim', ['layerlens-test/node-slim:18'], ['a', 'c'], 320);
  const app = image('sha256:app', ['app:1'], ['a', 'b', 'd', 'e']);

  it('is the local image whose layers are the longest proper prefix of its own', () => {
    expect(longestPrefixBase(app.layers, app.id, [debian, full, slim, app])).toMatchObject({ image: { id: 'sha256:full' }, count: 2 });
    // Never the image itself or an image with the same chain (another tag of it).
    expect(longestPrefixBase(full.layers, full.id, [full, image('sha256:x', ['copy:1'], ['a', 'b'])])).toBeUndefined();
    expect(longestPrefixBase(['z'], 'sha256:z', [debian, full])).toBeUndefined();
  });

  it('prefers a tagged image over an untagged one with the same chain', () => {
    const untagged = image('sha256:untagged', [], ['a', 'b']);
    expect(longestPrefixBase(app.layers, app.id, [untagged, full])!.image.id).toBe('sha256:full');
  });

  it('suggests smaller variants of the same family, measured', () => {
    expect(smallerVariants({ name: 'layerlens-test/node-full:18', sizeBytes: 1_300 }, [debian, full, slim, app])).toEqual([
      { name: 'layerlens-test/node-slim:18', sizeBytes: 320 },
    ]);
    expect(
      smallerVariants({ name: 'node:18', sizeBytes: 1_000 }, [
        image('sha256:1', ['node:18-alpine'], [], 130),
        image('sha256:2', ['python:3-slim'], [], 50),
      ]),
    ).toEqual([{ name: 'node:18-alpine', sizeBytes: 130 }]);
  });
});
