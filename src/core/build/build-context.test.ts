import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { listContextEntries } from '../fs/context-entries';
import { createContextTar } from './build-context';
import { demuxLogs } from './containers';

let dir: string | undefined;
function context(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-tar-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

async function tarEntries(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const extract = tar.extract();
  const entries = new Map<string, string>();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        entries.set(`${header.name}${header.type === 'directory' ? '/' : ''}`, Buffer.concat(chunks).toString());
        expect(header.uid).toBe(0);
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  stream.pipe(extract);
  await done;
  return entries;
}

describe('build context', () => {
  it('always sends the Dockerfile and .dockerignore, even when ignored', async () => {
    const names = (
      await listContextEntries({
        contextDir: context({
          Dockerfile: 'FROM x',
          '.dockerignore': 'Dockerfile*\n.dockerignore\nnode_modules\n',
          'node_modules/a': '',
          'a.js': '',
        }),
        dockerfile: 'Dockerfile',
      })
    ).map((e) => e.name);
    expect(names).toEqual(['.dockerignore', 'Dockerfile', 'a.js']);
  });
  it('re-includes exceptions inside ignored directories, with their parents', async () => {
    const names = (
      await listContextEntries({
        contextDir: context({ Dockerfile: '', 'logs/a.log': '', 'logs/keep/b.log': '' }),
        dockerfile: 'Dockerfile',
        ignoreRules: 'logs\n!logs/keep/b.log\n',
      })
    ).map((e) => e.name);
    expect(names).toEqual(['Dockerfile', 'logs', 'logs/keep', 'logs/keep/b.log']);
  });
  it('streams a tar, with the Dockerfile content replaced when asked', async () => {
    const entries = await tarEntries(
      createContextTar({
        contextDir: context({ Dockerfile: 'FROM old', 'src/a.js': 'a' }),
        dockerfile: 'Dockerfile.lean',
        dockerfileContent: 'FROM lean',
        ignoreRules: null,
      }),
    );
    expect([...entries.keys()].sort()).toEqual(['Dockerfile', 'Dockerfile.lean', 'src/', 'src/a.js']);
    expect(entries.get('Dockerfile.lean')).toBe('FROM lean');
  });
  it('stops reading when the reader destroys it, and a folder removed afterwards raises nothing', async () => {
    const files: Record<string, string> = { Dockerfile: 'FROM scratch\n' };
    for (let i = 0; i < 400; i++) files[`src/f${i}.js`] = 'x';
    const root = context(files);
    const stream = createContextTar({ contextDir: root, dockerfile: 'Dockerfile' });
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      // The engine answered after the first piece (a build that fails at once): the reader lets go.
      await new Promise<void>((resolve) => stream.once('data', () => resolve()));
      stream.destroy();
      fs.rmSync(root, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(errors).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('demultiplexes container logs', () => {
    const frame = (kind: number, text: string) => Buffer.concat([Buffer.from([kind, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
    expect(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toBe('out\nerr\n');
    expect(demuxLogs(Buffer.from('plain tty text'))).toBe('plain tty text');
  });
});
