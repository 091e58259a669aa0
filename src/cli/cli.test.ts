import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEngine } from '../../test/fake-engine';
import { commands } from './commands';
import { cli } from './test-cli';

const image = {
  Id: 'sha256:' + 'a'.repeat(64),
  RepoTags: ['demo/app:1'],
  RepoDigests: [],
  Created: 1_700_000_000,
  Size: 123_456_789,
  Containers: 0,
};
/** A tag an attacker chose: retitles the terminal window and clears the screen when printed raw. */
const hostileTag = 'evil/app:1\x1b]0;pwned\x07\x1b[2J';
const hostile = { ...image, Id: 'sha256:' + 'c'.repeat(64), RepoTags: [hostileTag], Size: 2000 };
const dangling = { ...image, Id: 'sha256:' + 'b'.repeat(64), RepoTags: ['<none>:<none>'], Size: 1000 };
const engine = new FakeEngine({ '/images/json': [image, dangling], '/system/df': { LayersSize: 123_457_789 } });

const hostileEngine = new FakeEngine({ '/images/json': [hostile], '/system/df': { LayersSize: 2000 } });

beforeAll(() => Promise.all([engine.start(), hostileEngine.start()]));
afterAll(() => Promise.all([engine.stop(), hostileEngine.stop()]));

describe('layerlens CLI', () => {
  it('prints its version and help', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.out).toMatch(new RegExp(`\\n  ${command.name} +${command.summary.slice(0, 20)}`));
    expect(help.out).toContain('<command> --help');
  });

  it.each(commands.map((c) => [c.name, c] as const))(
    "`%s --help` lists the command's own flags, a line each, and examples",
    async (name, command) => {
      for (const help of [await cli(name, '--help'), await cli('help', name)]) {
        expect(help.code).toBe(0);
        expect(help.out).toContain(`Usage: npm run --silent layerlens -- ${name}`);
        for (const [flag, spec] of Object.entries(command.flags)) {
          expect(help.out).toMatch(new RegExp(`--${flag}\\b.*  ${spec.help.slice(0, 15).replace(/[()]/g, '.')}`));
        }
        expect(help.out).toContain('--host URL');
        expect(help.out).toMatch(new RegExp(`Examples:\\n  npm run --silent layerlens -- ${name}`));
      }
    },
  );

  it('documents every optimize flag in its help', async () => {
    const help = (await cli('optimize', '--help')).out;
    for (const flag of [
      '--runtime-base IMG',
      '--target STAGE',
      '--dockerfile FILE',
      '--out FILE',
      '--tag NAME',
      '--verify-path PATH',
      '--verify-env KEY=VALUE',
      '--build',
      '--verify',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).not.toContain('Commands:');
  });

  it('names the nearest known flag or command for a typo (exit 1)', async () => {
    const flag = await cli('optimize', '.', '--runtime-bse', 'x');
    expect(flag).toMatchObject({ code: 1, out: '' });
    expect(flag.err).toBe('error: Unknown option --runtime-bse for optimize. Did you mean --runtime-base? (`optimize --help` lists them.)');
    expect((await cli('report', 'x', '--outptu', 'f')).err).toContain('Did you mean --output?');
    expect((await cli('inspect', 'x', '--zzzzzz')).err).not.toContain('Did you mean');
    expect((await cli('inspec', 'x')).err).toContain('Did you mean "inspect"?');
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

  it('escapes terminal control characters from image data in human output, keeps JSON exact', async () => {
    const text = await cli('images', '--host', hostileEngine.host);
    expect(text.out).not.toContain('\x1b');
    expect(text.out).toContain('evil/app:1\\x1b]0;pwned\\x07\\x1b[2J');
    const json = await cli('images', '--json', '--host', hostileEngine.host);
    expect(JSON.parse(json.out).images[0].repoTags).toEqual([hostileTag]);
    const usage = await cli('inspect\x1b[2J', '--host', hostileEngine.host);
    expect(usage.err).toContain('inspect\\x1b[2J');
    expect(usage.err).not.toContain('\x1b');
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
