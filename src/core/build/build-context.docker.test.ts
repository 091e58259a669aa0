/**
 * The context tar against Docker itself: the same context is built by the docker CLI and by LayerLens,
 * each image lists what COPY . /ctx received, and the lists must be equal (and match listContextEntries).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { createDockerClient } from '../engine/docker-client';
import { discoverFromProcess } from '../engine/discovery';
import { listContextEntries } from '../fs/context-entries';
import { buildImage } from './build-image';
import { tagImage } from '../images/image-tags';

const files = [
  'app.js',
  'README.md',
  'notes.md',
  'docs/guide.md',
  'docs/keep.md',
  'src/index.js',
  'src/index.test.js',
  'src/deep/x.test.js',
  'src/deep/y.js',
  'node_modules/a/index.js',
  'node_modules/keep/index.js',
  'logs/today.log',
  'logs/keep/important.log',
  '.env',
  '.env.example',
  'secret.key',
  'build/out.js',
];
const dockerignore = [
  '# comment',
  '*.md',
  '!README.md',
  'docs',
  '!docs/keep.md',
  '**/*.test.js',
  'node_modules',
  '!node_modules/keep',
  'logs/**/*.log',
  '!logs/keep/*.log',
  '.env*',
  '!.env.example',
  '*.key',
  'build/',
].join('\n');
const dockerfile =
  'FROM layerlens-test/debian:bookworm\nCOPY . /ctx\nRUN cd /ctx && find . -mindepth 1 | sed "s|^./||" | sort > /list\nCMD ["cat", "/list"]\n';

let dir: string;
const tags: string[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-ctx-'));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), file);
  }
  fs.writeFileSync(path.join(dir, '.dockerignore'), dockerignore);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
});

afterAll(async () => {
  for (const tag of tags) await removeImage(tag);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function listing(tag: string): Promise<string[]> {
  return (await docker('run', '--rm', tag)).split('\n').filter(Boolean);
}

describe('build context vs docker build', () => {
  it('sends exactly what Docker sends', async () => {
    const cliTag = uniqueTag('ctx-cli');
    tags.push(cliTag);
    await docker('build', '-q', '-t', cliTag, dir);
    const expected = await listing(cliTag);

    const engine = createDockerClient(discoverFromProcess());
    const ourTag = uniqueTag('ctx-layerlens');
    const built = await buildImage(engine, { contextDir: dir, dockerfile: 'Dockerfile' });
    await tagImage(engine, built.imageId, ourTag);
    tags.push(ourTag);
    expect(await listing(ourTag)).toEqual(expected);

    const ours = (await listContextEntries({ contextDir: dir, dockerfile: 'Dockerfile' })).map((e) => e.name);
    expect(ours).toEqual([...expected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Spot checks of the semantics.
    expect(expected).toContain('README.md');
    expect(expected).not.toContain('notes.md');
    expect(expected).toContain('docs/keep.md');
    expect(expected).not.toContain('docs/guide.md');
    expect(expected).not.toContain('src/deep/x.test.js');
    expect(expected).toContain('node_modules/keep/index.js');
    expect(expected).not.toContain('node_modules/a/index.js');
    expect(expected).toContain('logs/keep/important.log');
    expect(expected).toContain('.env.example');
    expect(expected).not.toContain('.env');
    expect(expected).not.toContain('build/out.js');
  });
});
