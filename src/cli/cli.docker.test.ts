/** The CLI as users and pipelines run it (`npm run --silent layerlens -- …`), against the real engine. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { docker } from '../../test/docker-fixtures';

const root = path.resolve(import.meta.dirname, '../..');

async function layerlens(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'layerlens', '--', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A socket file that nobody listens on, as a dockerd killed without cleanup leaves behind. */
async function staleSocket(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-stale-')), 'docker.sock');
  const child = spawn(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(file)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  await new Promise((resolve) => child.on('exit', resolve));
  expect(fs.existsSync(file)).toBe(true);
  return file;
}

describe('layerlens CLI against the real engine', () => {
  it('`images --json` lists exactly what `docker images` lists, same ids and sizes', async () => {
    const result = await layerlens(['images', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout).images as { id: string; sizeBytes: number }[];
    const expected = (await docker('images', '--no-trunc', '--format', '{{.ID}}')).split('\n').filter(Boolean);
    expect(listed.map((i) => i.id).sort()).toEqual([...new Set(expected)].sort());
    const sizes = await docker('image', 'inspect', '-f', '{{.Id}} {{.Size}}', ...listed.map((i) => i.id));
    expect(Object.fromEntries(listed.map((i) => [i.id, String(i.sizeBytes)]))).toEqual(
      Object.fromEntries(
        sizes
          .trim()
          .split('\n')
          .map((line) => line.split(' ')),
      ),
    );
  });

  it('`info` names the engine and its API version', async () => {
    const result = await layerlens(['info', '--json']);
    expect(result.code).toBe(0);
    const serverVersion = (await docker('version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}')).trim();
    const info = JSON.parse(result.stdout);
    expect(`${info.engine.version} ${info.engine.apiVersion}`).toBe(serverVersion);
  });

  it('exits 2 and says the engine is not running when its socket is gone or stale', async () => {
    const gone = await layerlens(['images'], { DOCKER_HOST: 'unix:///run/layerlens-test-no-engine.sock' });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('The Docker engine is not running at unix:///run/layerlens-test-no-engine.sock');
    expect(gone.stdout).toBe('');

    const stale = await staleSocket();
    const refused = await layerlens(['images', '--json'], { DOCKER_HOST: `unix://${stale}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not running');
    fs.rmSync(path.dirname(stale), { recursive: true });
  });
});
