import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverEngine, podmanSocketKind } from './discovery';

let home: string;
const noSockets = () => false;

function writeContext(name: string, host: string) {
  const dir = path.join(home, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
}

function setCurrentContext(name: string) {
  fs.mkdirSync(path.join(home, '.docker'), { recursive: true });
  fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: name }));
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-home-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('discoverEngine', () => {
  it('prefers the explicit setting over DOCKER_HOST', () => {
    const endpoint = discoverEngine({
      setting: 'unix:///run/setting.sock',
      env: { DOCKER_HOST: 'unix:///run/env.sock' },
      homeDir: home,
      exists: noSockets,
    });
    expect(endpoint).toEqual({ protocol: 'unix', socketPath: '/run/setting.sock', source: 'LayerLens setting' });
  });

  it('uses DOCKER_HOST before any context', () => {
    writeContext('remote', 'tcp://10.0.0.1:2375');
    setCurrentContext('remote');
    const endpoint = discoverEngine({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, homeDir: home, exists: noSockets });
    expect(endpoint).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: 2375, source: 'DOCKER_HOST' });
  });

  it('reads TLS settings for tcp:// with DOCKER_TLS_VERIFY', () => {
    const endpoint = discoverEngine({
      env: { DOCKER_HOST: 'tcp://127.0.0.1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      homeDir: home,
      exists: noSockets,
    });
    expect(endpoint).toMatchObject({
      protocol: 'https',
      port: 2376,
      tls: { caPath: '/certs/ca.pem', certPath: '/certs/cert.pem', keyPath: '/certs/key.pem' },
    });
  });

  it('follows the current context from config.json to its meta.json', () => {
    writeContext('colima', 'unix:///home/u/.colima/docker.sock');
    setCurrentContext('colima');
    const endpoint = discoverEngine({ env: {}, homeDir: home, exists: noSockets });
    expect(endpoint).toEqual({
      protocol: 'unix',
      socketPath: '/home/u/.colima/docker.sock',
      source: 'Docker context "colima"',
    });
  });

  it('lets DOCKER_CONTEXT override the configured context', () => {
    writeContext('a', 'unix:///a.sock');
    writeContext('b', 'ssh://me@build-box:2222');
    setCurrentContext('a');
    const endpoint = discoverEngine({ env: { DOCKER_CONTEXT: 'b' }, homeDir: home, exists: noSockets });
    expect(endpoint).toMatchObject({ protocol: 'ssh', host: 'build-box', port: 2222, username: 'me' });
  });

  it('names a missing context in a DOCKER_HOST_INVALID error', () => {
    setCurrentContext('gone');
    expect(() => discoverEngine({ env: {}, homeDir: home, exists: noSockets })).toThrow(
      expect.objectContaining({ code: 'DOCKER_HOST_INVALID', message: expect.stringContaining('"gone"') }),
    );
  });

  it('falls through the sockets in order: Desktop, default, rootless Podman', () => {
    const desktop = path.join(home, '.docker', 'run', 'docker.sock');
    const podman = '/run/user/1000/podman/podman.sock';
    const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
    const only =
      (...present: string[]) =>
      (file: string) =>
        present.includes(file);
    expect(discoverEngine({ env, homeDir: home, exists: only(desktop, '/var/run/docker.sock', podman) })).toMatchObject({
      socketPath: desktop,
    });
    expect(discoverEngine({ env, homeDir: home, exists: only('/var/run/docker.sock', podman) })).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
    expect(discoverEngine({ env, homeDir: home, exists: only(podman) })).toMatchObject({
      socketPath: podman,
      source: 'rootless Podman socket',
    });
  });

  it('aims at the default socket when nothing is found, so the error names it', () => {
    setCurrentContext('default');
    expect(discoverEngine({ env: {}, homeDir: home, exists: noSockets })).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
  });
});

describe('rootful Podman and podmanSocketKind', () => {
  it('finds the rootful Podman socket last, after every Docker socket and the rootless one', () => {
    const only =
      (...present: string[]) =>
      (file: string) =>
        present.includes(file);
    expect(discoverEngine({ env: {}, homeDir: home, exists: only('/run/podman/podman.sock') })).toEqual({
      protocol: 'unix',
      socketPath: '/run/podman/podman.sock',
      source: 'rootful Podman socket',
    });
    expect(discoverEngine({ env: {}, homeDir: home, exists: only('/run/podman/podman.sock', '/var/run/docker.sock') })).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
    const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
    expect(discoverEngine({ env, homeDir: home, exists: only('/run/podman/podman.sock', '/run/user/1000/podman/podman.sock') })).toMatchObject({
      source: 'rootless Podman socket',
    });
  });

  it('tells rootless, rootful and other Podman sockets from Docker ones', () => {
    const unix = (socketPath: string, source = 'LayerLens setting') => ({ protocol: 'unix' as const, socketPath, source });
    expect(podmanSocketKind(unix('/run/user/1000/podman/podman.sock'))).toBe('rootless');
    expect(podmanSocketKind(unix('/tmp/x.sock', 'rootless Podman socket'))).toBe('rootless');
    expect(podmanSocketKind(unix('/run/podman/podman.sock'))).toBe('rootful');
    expect(podmanSocketKind(unix('/var/run/podman/podman.sock'))).toBe('rootful');
    expect(podmanSocketKind(unix('/run/layerlens-podman/podman.sock'))).toBe('other');
    expect(podmanSocketKind(unix('/var/run/docker.sock'))).toBeUndefined();
    expect(podmanSocketKind(unix('/run/user/1000/docker.sock'))).toBeUndefined();
    expect(podmanSocketKind({ protocol: 'http', host: '127.0.0.1', port: 2375, source: 'DOCKER_HOST' })).toBeUndefined();
  });
});
