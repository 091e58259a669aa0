import { describe, expect, it } from 'vitest';
import { familiarName, formatReference, isLoopback, parseReference } from './reference';

describe('registry references', () => {
  it.each([
    ['127.0.0.1:5000/app:1', { registry: '127.0.0.1:5000', repository: 'app', tag: '1' }],
    ['registry://127.0.0.1:5000/team/app:1', { registry: '127.0.0.1:5000', repository: 'team/app', tag: '1' }],
    ['ghcr.io/owner/image', { registry: 'ghcr.io', repository: 'owner/image', tag: 'latest' }],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
    ['[::1]:5000/app:2', { registry: '[::1]:5000', repository: 'app', tag: '2' }],
    ['node:18', { registry: 'docker.io', repository: 'library/node', tag: '18' }],
    ['docker.io/node', { registry: 'docker.io', repository: 'library/node', tag: 'latest' }],
    ['index.docker.io/team/app:1', { registry: 'docker.io', repository: 'team/app', tag: '1' }],
    ['team/app:1', { registry: 'docker.io', repository: 'team/app', tag: '1' }],
  ])('%s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it('keeps a digest, with or without a tag, and formats the full name back', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`127.0.0.1:5000/app@${digest}`)).toEqual({ registry: '127.0.0.1:5000', repository: 'app', digest });
    const both = parseReference(`registry.example.com:8443/a/b:1@${digest}`);
    expect(both).toEqual({ registry: 'registry.example.com:8443', repository: 'a/b', tag: '1', digest });
    expect(formatReference(both)).toBe(`registry.example.com:8443/a/b:1@${digest}`);
    expect(familiarName(parseReference('node:18'))).toBe('node:18');
    expect(familiarName(parseReference('team/app:1'))).toBe('team/app:1');
  });

  it.each([
    '',
    'registry://',
    'Host:5000/App:1',
    'host:5000/app:bad tag',
    `app@sha256:${'z'.repeat(64)}`,
    'host:5000/app@md5:abc',
    'host:5000//app',
    'a/b:c:d',
  ])('refuses %j with INVALID_ARGUMENT', (text) => {
    expect(() => parseReference(text)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('tells registries on this machine', () => {
    for (const host of ['127.0.0.1:5000', '127.1.2.3', 'localhost:5000', '[::1]:5000', 'LOCALHOST']) expect(isLoopback(host)).toBe(true);
    for (const host of ['10.0.0.1:5000', 'registry.example.com', '128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com'])
      expect(isLoopback(host)).toBe(false);
  });
});
