import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEngine } from '../../test/fake-engine';
import { run } from './index';

const image = {
  Id: 'sha256:' + 'a'.repeat(64),
  RepoTags: ['demo/app:1'],
  RepoDigests: [],
  Created: 1_700_000_000,
  Size: 123_456_789,
  Containers: 0,
};
const dangling = { ...image, Id: 'sha256:' + 'b'.repeat(64), RepoTags: ['<none>:<none>'], Size: 1000 };
const engine = new FakeEngine({ '/images/json': [image, dangling], '/system/df': { LayersSize: 123_457_789 } });

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => engine.start());
afterAll(() => engine.stop());

describe('layerlens CLI', () => {
  it('prints its version and help', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('images [--json]');
  });

  it('exits 1 on usage errors, with the problem on stderr', async () => {
    expect(await cli()).toMatchObject({ code: 1, out: '' });
    expect(await cli('frobnicate')).toMatchObject({ code: 1, err: expect.stringContaining('Unknown command "frobnicate"') });
    expect(await cli('images', '--colour')).toMatchObject({ code: 1, err: expect.stringContaining('--colour') });
    expect(await cli('serve', '--port', 'http')).toMatchObject({ code: 1, err: expect.stringContaining('--port') });
  });

  it('lists images as JSON on stdout', async () => {
    const result = await cli('images', '--json', '--host', engine.host);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.out);
    expect(list.totalDiskBytes).toBe(123_457_789);
    expect(list.images).toEqual([
      expect.objectContaining({ id: image.Id, repoTags: ['demo/app:1'], sizeBytes: 123_456_789, dangling: false }),
      expect.objectContaining({ id: dangling.Id, repoTags: [], dangling: true }),
    ]);
  });

  it('lists images as a table', async () => {
    const result = await cli('images', '--host', engine.host);
    expect(result.out).toMatch(/demo\/app:1\s+aaaaaaaaaaaa\s+.+\s+123 MB/);
    expect(result.out).toContain('<none>:<none>');
    expect(result.out).toContain('2 images, 123 MB on disk');
  });

  it('describes the engine', async () => {
    const result = await cli('info', '--json', '--host', engine.host);
    expect(JSON.parse(result.out)).toMatchObject({ state: 'connected', engine: { version: '99.0.0-fake', apiVersion: '1.41' } });
  });

  it('exits 2 when the engine is not running, saying so', async () => {
    for (const command of ['images', 'info']) {
      const result = await cli(command, '--host', 'unix:///nonexistent/docker.sock');
      expect(result.code, command).toBe(2);
      expect(result.err).toContain('The Docker engine is not running at unix:///nonexistent/docker.sock');
    }
  });

  it('exits 2 with the reason for a malformed host', async () => {
    const result = await cli('images', '--host', 'docker.sock');
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('malformed') });
  });
});
