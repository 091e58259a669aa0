import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerConfigDir, engineAuthHeader, findCredentials } from './credentials';

let dir: string;
let bin: string;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A real credential helper (the docker-credential-* protocol): the server URL on stdin, JSON out, exit 1 when not found. */
function writeHelper(name: string, known: Record<string, { Username: string; Secret: string }>): void {
  const cases = Object.entries(known)
    .map(([server, creds]) => `  "${server}") printf '%s' '${JSON.stringify({ ServerURL: server, ...creds })}' ;;`)
    .join('\n');
  const script = `#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r server\nprintf '%s\\n' "$server" >> "${path.join(dir, `${name}.asked`)}"\ncase "$server" in\n${cases}\n  *) echo "credentials not found in native keychain"; exit 1 ;;\nesac\n`;
  fs.writeFileSync(path.join(bin, `docker-credential-${name}`), script, { mode: 0o755 });
}

function writeConfig(name: string, config: object): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(config));
  return folder;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-creds-'));
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  writeHelper('llhelper', {
    'reg.example.com': { Username: 'helper-user', Secret: 'helper-pass' },
    'tok.example.com': { Username: '<token>', Secret: 'refresh-123' },
  });
  writeHelper('llstore', { 'https://index.docker.io/v1/': { Username: 'hub-user', Secret: 'hub-pass' } });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('registry credentials, as the docker CLI finds them', () => {
  it('reads DOCKER_CONFIG (else ~/.docker)', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y');
    expect(dockerConfigDir({ HOME: '/home/u' })).toBe('/home/u/.docker');
  });

  it('decodes `auths` (base64 user:password), matching keys with a scheme or path, and identity tokens', async () => {
    const configDir = writeConfig('auths', {
      auths: {
        '127.0.0.1:5000': { auth: b64('alice:pa:ss') },
        'https://reg.example.com/v2/': { auth: b64('bob:secret') },
        'https://index.docker.io/v1/': { auth: b64('hub:hubpass') },
        'id.example.com': { identitytoken: 'refresh-abc' },
      },
    });
    const env = { PATH: process.env.PATH };
    expect(await findCredentials('127.0.0.1:5000', { configDir, env })).toEqual({ kind: 'basic', username: 'alice', password: 'pa:ss' });
    expect(await findCredentials('reg.example.com', { configDir, env })).toEqual({ kind: 'basic', username: 'bob', password: 'secret' });
    expect(await findCredentials('docker.io', { configDir, env })).toEqual({ kind: 'basic', username: 'hub', password: 'hubpass' });
    expect(await findCredentials('id.example.com', { configDir, env })).toEqual({ kind: 'identity', token: 'refresh-abc' });
    expect(await findCredentials('other.example.com', { configDir, env })).toBeUndefined();
    expect(await findCredentials('127.0.0.1:5000', { env: { DOCKER_CONFIG: configDir, PATH: process.env.PATH } })).toMatchObject({
      username: 'alice',
    });
  });

  it('asks credHelpers first, then credsStore, with the server URL on stdin; falls back to auths when a helper has nothing', async () => {
    const configDir = writeConfig('helpers', {
      credsStore: 'llstore',
      credHelpers: { 'reg.example.com': 'llhelper', 'tok.example.com': 'llhelper' },
      auths: { 'plain.example.com': { auth: b64('p:q') } },
    });
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    expect(await findCredentials('reg.example.com', { configDir, env })).toEqual({ kind: 'basic', username: 'helper-user', password: 'helper-pass' });
    expect(await findCredentials('tok.example.com', { configDir, env })).toEqual({ kind: 'identity', token: 'refresh-123' });
    expect(await findCredentials('docker.io', { configDir, env })).toEqual({ kind: 'basic', username: 'hub-user', password: 'hub-pass' });
    expect(await findCredentials('plain.example.com', { configDir, env })).toEqual({ kind: 'basic', username: 'p', password: 'q' });
    expect(fs.readFileSync(path.join(dir, 'llhelper.asked'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['reg.example.com', 'tok.example.com']),
    );
    expect(fs.readFileSync(path.join(dir, 'llstore.asked'), 'utf8')).toContain('https://index.docker.io/v1/');
  });

  it('treats a missing helper or an unreadable config as no credentials', async () => {
    const configDir = writeConfig('missing-helper', { credsStore: 'not-installed-anywhere' });
    expect(await findCredentials('reg.example.com', { configDir, env: { PATH: bin } })).toBeUndefined();
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'config.json'), '{not json');
    expect(await findCredentials('reg.example.com', { configDir: broken })).toBeUndefined();
    expect(await findCredentials('reg.example.com', { configDir: path.join(dir, 'absent') })).toBeUndefined();
  });

  it("encodes the Engine API's X-Registry-Auth as the docker CLI does", () => {
    const decode = (value: string) => JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    expect(decode(engineAuthHeader({ kind: 'basic', username: 'u', password: 'p' }, '127.0.0.1:5000'))).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: '127.0.0.1:5000',
    });
    expect(decode(engineAuthHeader({ kind: 'identity', token: 't' }, 'docker.io'))).toEqual({
      identitytoken: 't',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(decode(engineAuthHeader(undefined, 'x'))).toEqual({});
  });
});
