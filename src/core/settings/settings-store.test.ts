import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfigDir, maxRememberedContexts, repositoryOf, SettingsStore } from './settings-store';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('defaultConfigDir', () => {
  it('prefers LAYERLENS_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(defaultConfigDir({ LAYERLENS_CONFIG_DIR: '/x/conf', XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }, 'linux')).toBe('/x/conf');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }, 'linux')).toBe('/xdg/layerlens');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: 'relative', HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/layerlens');
    expect(defaultConfigDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/layerlens');
    expect(defaultConfigDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming', HOME: '/home/u' }, 'win32')).toMatch(/layerlens$/);
  });
});

describe('SettingsStore', () => {
  it('starts empty without a file and creates its folder on the first write', () => {
    const dir = path.join(tempDir(), 'nested', 'layerlens');
    const store = new SettingsStore(dir);
    expect(store.read()).toEqual({ version: 1, contexts: {} });
    store.rememberContext('app:1', { contextDir: '/src/app' }, new Date('2026-01-02T03:04:05Z'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({
      version: 1,
      contexts: { 'app:1': { contextDir: '/src/app', rememberedAt: '2026-01-02T03:04:05.000Z' } },
    });
  });

  it('remembers per image and survives a new store (a restart)', () => {
    const dir = tempDir();
    new SettingsStore(dir).rememberContext('web:latest', { contextDir: '/src/web', dockerfile: 'docker/Dockerfile' });
    new SettingsStore(dir).rememberContext('api:latest', { contextDir: '/src/api' });
    const again = new SettingsStore(dir);
    expect(again.rememberedContext('web:latest')?.entry).toMatchObject({ contextDir: '/src/web', dockerfile: 'docker/Dockerfile' });
    expect(again.rememberedContext('api:latest')?.entry.contextDir).toBe('/src/api');
    expect(again.rememberedContext('other:latest')).toBeNull();
  });

  it('falls back to the newest folder of the same repository, never for image IDs', () => {
    const store = new SettingsStore(tempDir());
    store.rememberContext('registry:5000/team/web:v1', { contextDir: '/old' }, new Date('2026-01-01T00:00:00Z'));
    store.rememberContext('registry:5000/team/web:v2', { contextDir: '/new' }, new Date('2026-02-01T00:00:00Z'));
    expect(store.rememberedContext('registry:5000/team/web:v3')).toEqual({
      imageRef: 'registry:5000/team/web:v2',
      entry: expect.objectContaining({ contextDir: '/new' }),
    });
    expect(store.rememberedContext('registry:5000/team/api:v1')).toBeNull();
    store.rememberContext('sha256:' + 'a'.repeat(64), { contextDir: '/by-id' });
    expect(store.rememberedContext('sha256:' + 'b'.repeat(64))).toBeNull();
  });

  it('writes atomically: no temp files left, the file is replaced whole', () => {
    const dir = tempDir();
    const store = new SettingsStore(dir);
    for (let i = 0; i < 20; i += 1) store.rememberContext(`app:${i}`, { contextDir: `/src/${i}` });
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
    expect(Object.keys(store.read().contexts)).toHaveLength(20);
  });

  it('sets an unreadable file aside instead of failing or losing it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    const store = new SettingsStore(dir);
    expect(store.read().contexts).toEqual({});
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{ not json');
    store.rememberContext('app:1', { contextDir: '/src' });
    expect(store.rememberedContext('app:1')?.entry.contextDir).toBe('/src');
  });

  it('drops malformed entries and keeps the well-formed ones', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        version: 1,
        contexts: { 'ok:1': { contextDir: '/ok', rememberedAt: '2026-01-01T00:00:00Z' }, 'bad:1': { contextDir: 3 }, 'bad:2': 'x' },
      }),
    );
    expect(Object.keys(new SettingsStore(dir).read().contexts)).toEqual(['ok:1']);
  });

  it('keeps at most the newest entries', () => {
    const store = new SettingsStore(tempDir());
    const start = Date.UTC(2026, 0, 1);
    store.update((settings) => {
      for (let i = 0; i < maxRememberedContexts; i += 1) {
        settings.contexts[`app:${i}`] = { contextDir: `/src/${i}`, rememberedAt: new Date(start + i * 1000).toISOString() };
      }
    });
    store.rememberContext('newest:1', { contextDir: '/newest' }, new Date(start + 10_000_000));
    const refs = Object.keys(store.read().contexts);
    expect(refs).toHaveLength(maxRememberedContexts);
    expect(refs).not.toContain('app:0');
    expect(refs).toContain('newest:1');
  });
});

describe('repositoryOf', () => {
  it('splits the tag, keeps registry ports, ignores IDs', () => {
    expect(repositoryOf('node:18')).toBe('node');
    expect(repositoryOf('localhost:5000/app')).toBe('localhost:5000/app');
    expect(repositoryOf('localhost:5000/app:1.2')).toBe('localhost:5000/app');
    expect(repositoryOf('app@sha256:' + 'c'.repeat(64))).toBe('app');
    expect(repositoryOf('sha256:' + 'c'.repeat(64))).toBeNull();
    expect(repositoryOf('c'.repeat(12))).toBeNull();
  });
});
