import { describe, expect, it } from 'vitest';
import { defaultPlatform, parsePlatform, platformMatches, repoTagsFromAnnotations } from './image-manifest';

describe('platforms', () => {
  it('maps Node architectures to image platforms', () => {
    expect(defaultPlatform('x64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(defaultPlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(defaultPlatform('arm')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
  });

  it('parses os/arch[/variant] and refuses anything else', () => {
    expect(parsePlatform('linux/arm/v6')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v6' });
    expect(() => parsePlatform('amd64')).toThrow(/os\/arch/);
    expect(() => parsePlatform('linux/../x')).toThrow();
  });

  it('matches variants only when asked, arm64 meaning v8', () => {
    expect(platformMatches({ os: 'linux', architecture: 'arm64' }, parsePlatform('linux/arm64/v8'))).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, parsePlatform('linux/arm/v7'))).toBe(false);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, parsePlatform('linux/arm'))).toBe(true);
    expect(platformMatches({ os: 'windows', architecture: 'amd64' }, parsePlatform('linux/amd64'))).toBe(false);
  });
});

describe('repoTagsFromAnnotations', () => {
  it('takes containerd names and full ref names, not bare tags', () => {
    expect(
      repoTagsFromAnnotations({
        'io.containerd.image.name': 'docker.io/library/node:18',
        'org.opencontainers.image.ref.name': '18',
      }),
    ).toEqual(['node:18']);
    expect(repoTagsFromAnnotations({ 'org.opencontainers.image.ref.name': 'ghcr.io/x/y:1' })).toEqual(['ghcr.io/x/y:1']);
    expect(repoTagsFromAnnotations(undefined)).toEqual([]);
  });
});
