import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventSource, LayerLensApi, LayerLensEvents } from '../shared/contract';
import { Emitter } from '../shared/emitter';
import { LayerLensError } from '../shared/errors';
import { startServer, type RunningServer } from './serve';

const emitter = new Emitter<LayerLensEvents>();
const api = {
  on: emitter.on.bind(emitter),
  getAppInfo: async () => ({ name: 'LayerLens', version: 't', frontDoor: 'serve' }),
  inspectImage: async (ref: string) => {
    throw new LayerLensError('IMAGE_NOT_FOUND', `No image "${ref}"`);
  },
} as unknown as LayerLensApi & EventSource;

let server: RunningServer;
let base: string;
let rendererDir: string;

/** Raw requests, so tests can set Host and Origin as an attacker's page would. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}` });

beforeAll(async () => {
  // The renderer folder sits beside a secret: requests must never climb out of it.
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-serve-'));
  rendererDir = path.join(base, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(base, 'secret.txt'), 'top secret');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>LayerLens</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startServer({ api, rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('layerlens serve', () => {
  it('binds to loopback and prints a URL with a long random token', () => {
    expect(server.address).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses calls without the token; the page and its bundled code are public', async () => {
    expect((await request('/')).status).toBe(200);
    expect((await request('/api/call/getAppInfo', { method: 'POST' })).status).toBe(401);
    expect((await request('/api/call/getAppInfo?token=wrong', { method: 'POST' })).status).toBe(401);
    expect((await request('/api/call/getAppInfo', { method: 'POST', headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const asset = await request('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('serves the page for the token in the URL and sets no cookie (it would reach other local ports)', async () => {
    const res = await request(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>LayerLens</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await request('/', { headers: { ...auth(), Host: `evil.example:${server.port}` } })).status).toBe(403);
    const foreign = await request('/api/call/getAppInfo', {
      method: 'POST',
      headers: { ...auth(), Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const own = await request('/api/call/getAppInfo', {
      method: 'POST',
      headers: { ...auth(), Origin: `http://localhost:${server.port}`, Host: `localhost:${server.port}` },
    });
    expect(own.status).toBe(200);
  });

  it('answers contract calls with envelopes, typed errors included', async () => {
    const ok = await request('/api/call/getAppInfo', { method: 'POST', headers: auth(), body: '[]' });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, result: { name: 'LayerLens', version: 't', frontDoor: 'serve' } });
    const missing = await request('/api/call/inspectImage', { method: 'POST', headers: auth(), body: '["nope:1"]' });
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'IMAGE_NOT_FOUND', message: 'No image "nope:1"' } });
    const unknown = await request('/api/call/constructor', { method: 'POST', headers: auth(), body: '[]' });
    expect(JSON.parse(unknown.body).error.code).toBe('INVALID_ARGUMENT');
    const bad = await request('/api/call/getAppInfo', { method: 'POST', headers: auth(), body: '{' });
    expect(bad.status).toBe(400);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const attempt of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..\\secret.txt']) {
      const res = await request(attempt, { headers: auth() });
      expect(res.body, attempt).not.toContain('top secret');
    }
  });

  it('does not follow symlinks out of the renderer folder (a file or a folder link), still serves real files and routes', async () => {
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(rendererDir, 'leak.js'));
    fs.symlinkSync(base, path.join(rendererDir, 'up'));
    for (const attempt of ['/leak.js', '/up/secret.txt']) {
      const res = await request(attempt, { headers: auth() });
      expect(res.body, attempt).not.toContain('top secret');
      expect(res.status, attempt).toBe(404);
    }
    expect((await request('/assets/app.js')).body).toBe('console.log(1)');
    expect((await request('/images/some-route')).body).toContain('<title>LayerLens</title>');
  });

  it('streams contract events over the WebSocket, and refuses a socket without the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    await expect(
      new Promise((resolve, reject) => {
        refused.on('open', resolve);
        refused.on('error', reject);
      }),
    ).rejects.toThrow(/401/);

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const message = new Promise<string>((resolve) => ws.on('message', (data) => resolve(String(data))));
    emitter.emit('imagesChanged', { action: 'delete', id: 'sha256:1' });
    expect(JSON.parse(await message)).toEqual({ event: 'imagesChanged', payload: { action: 'delete', id: 'sha256:1' } });
    ws.close();
  });
});
