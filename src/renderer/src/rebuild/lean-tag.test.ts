import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../shared/contract';
import { findFreeTag, leanTagFor, runtimeBaseSuggestions, splitTag, tagProblem, tagVariant, type TagLookup } from './lean-tag';

describe('names', () => {
  it('splits repo and tag, with a registry port', () => {
    expect(splitTag('app')).toEqual({ repo: 'app', tag: 'latest' });
    expect(splitTag('localhost:5000/team/app:1.2')).toEqual({ repo: 'localhost:5000/team/app', tag: '1.2' });
    expect(splitTag('localhost:5000/app')).toEqual({ repo: 'localhost:5000/app', tag: 'latest' });
  });

  it('names the lean image and its alternatives', () => {
    expect(leanTagFor('rebuild-app:latest')).toBe('rebuild-app:latest-lean');
    expect(leanTagFor('layerlens-test/app')).toBe('layerlens-test/app:latest-lean');
    expect(tagVariant('rebuild-app:latest-lean', 2)).toBe('rebuild-app:latest-lean-2');
    expect(tagVariant(`a:${'x'.repeat(128)}`, 3)).toBe(`a:${'x'.repeat(126)}-3`);
  });

  it('says why a name cannot be given', () => {
    expect(tagProblem('layerlens-test/app:t-1-lean')).toBeNull();
    expect(tagProblem('')).toMatch(/needed/);
    expect(tagProblem('App:latest')).toMatch(/not a valid image name/);
    expect(tagProblem('app:-x')).toMatch(/not a valid tag/);
  });
});

describe('findFreeTag', () => {
  it('tries -2, -3, … until a name is free', async () => {
    const taken = new Set(['app:latest-lean-2', 'app:latest-lean-3']);
    const asked: string[] = [];
    const lookup = async (ref: string): Promise<TagLookup> => {
      asked.push(ref);
      return taken.has(ref) ? { kind: 'exists', id: 'sha256:1' } : { kind: 'free' };
    };
    expect(await findFreeTag('app:latest-lean', lookup)).toBe('app:latest-lean-4');
    expect(asked).toEqual(['app:latest-lean-2', 'app:latest-lean-3', 'app:latest-lean-4']);
  });

  it('gives up on an engine problem or after the limit', async () => {
    expect(await findFreeTag('a:b', async () => ({ kind: 'unknown', message: 'no engine' }))).toBeNull();
    expect(await findFreeTag('a:b', async () => ({ kind: 'exists', id: 'x' }), 3)).toBeNull();
  });
});

describe('runtimeBaseSuggestions', () => {
  const image = (...repoTags: string[]): ImageSummary => ({
    id: repoTags[0] ?? 'x',
    repoTags,
    repoDigests: [],
    created: 0,
    sizeBytes: 0,
    dangling: false,
    containers: 0,
  });

  it('suggests slim, alpine and distroless images and the current bases, the same family and version first', () => {
    const images = [
      image('layerlens-test/node-full:18'),
      image('python:3.12-slim'),
      image('layerlens-test/node-slim:18'),
      image('node:20-alpine'),
      image('gcr.io/distroless/nodejs18-debian12:latest'),
      image('<none>:<none>'),
    ];
    expect(runtimeBaseSuggestions(images, ['node:18-slim'], 'layerlens-test/node-full:18')).toEqual([
      'layerlens-test/node-slim:18',
      'node:18-slim',
      'node:20-alpine',
      'gcr.io/distroless/nodejs18-debian12:latest',
      'python:3.12-slim',
    ]);
  });

  it('works without images', () => {
    expect(runtimeBaseSuggestions(undefined, ['node:18-slim', ''])).toEqual(['node:18-slim']);
  });
});
