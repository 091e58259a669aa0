import { describe, expect, it } from 'vitest';
import { imageHash, parseRoute } from '../router/routes';
import { bareRegistryRef, isRegistryRef, parseRegistryInput, registryOf } from './registry-ref';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseRegistryInput', () => {
  it('takes REGISTRY/REPO:TAG and REGISTRY/REPO@sha256, with or without registry://', () => {
    expect(parseRegistryInput(' 127.0.0.1:5000/team/app:1.2 ')).toEqual({
      ok: true,
      name: { ref: 'registry://127.0.0.1:5000/team/app:1.2', bare: '127.0.0.1:5000/team/app:1.2', registry: '127.0.0.1:5000' },
    });
    expect(parseRegistryInput(`ghcr.io/team/app@${digest}`)).toMatchObject({
      ok: true,
      name: { bare: `ghcr.io/team/app@${digest}`, registry: 'ghcr.io' },
    });
    expect(parseRegistryInput(`registry://localhost/app:1@${digest}`)).toMatchObject({
      ok: true,
      name: { ref: `registry://localhost/app:1@${digest}` },
    });
    expect(parseRegistryInput('docker.io/library/node:18')).toMatchObject({ ok: true, name: { registry: 'docker.io' } });
  });

  it('says what is missing', () => {
    const message = (text: string) => {
      const parsed = parseRegistryInput(text);
      return parsed.ok ? '' : parsed.message;
    };
    expect(message('')).toContain('REGISTRY/REPO:TAG');
    expect(message('127.0.0.1:5000/app')).toContain('Add a tag');
    expect(message('node:18')).toContain('docker.io/library/node');
    expect(message('team/app:1')).toContain('Start with the registry');
    expect(message('ghcr.io/Team/app:1')).toContain('not a repository');
    expect(message('ghcr.io/app@sha256:abc')).toContain('not a digest');
    expect(message('ghcr.io/app:bad tag')).toContain('no spaces');
  });
});

describe('registry refs in the route', () => {
  it('survive the address bar', () => {
    const ref = `registry://127.0.0.1:5000/team/app@${digest}`;
    expect(parseRoute(imageHash(ref))).toEqual({ page: 'image', id: ref });
    expect(isRegistryRef(ref)).toBe(true);
    expect(isRegistryRef('team/app:1')).toBe(false);
    expect(bareRegistryRef(ref)).toBe(`127.0.0.1:5000/team/app@${digest}`);
    expect(registryOf(ref)).toBe('127.0.0.1:5000');
  });
});
