/**
 * `optimize` on build contexts an attacker prepared (a cloned repository): symlinks out of the context,
 * devices and FIFOs where files should be, workspaces that climb out, heredocs. It must answer with a clear
 * error or a safe plan, quickly, and print nothing it was not meant to read. No engine is needed: the
 * plan falls back to names when the engine is unreachable.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../test-cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-hostile-ctx-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const noEngine = ['--host', 'unix:///nonexistent/layerlens-test.sock'];

const app = {
  Dockerfile: 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
  'package.json': '{"name":"app","version":"1.0.0","dependencies":{"ms":"2.1.3"},"devDependencies":{"left-pad":"1.3.0"}}',
  'package-lock.json': '{"lockfileVersion":3,"packages":{}}',
  'server.js': 'console.log(1)\n',
};

let made = 0;
function context(files: Record<string, string> = app): string {
  const dir = path.join(work, String(made++));
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function replaceWith(dir: string, name: string, how: 'environ' | 'outside' | 'zero' | 'fifo'): void {
  const file = path.join(dir, name);
  fs.rmSync(file, { force: true });
  if (how === 'fifo') execFileSync('mkfifo', [file]);
  else if (how === 'environ') fs.symlinkSync('/proc/self/environ', file);
  else if (how === 'zero') fs.symlinkSync('/dev/zero', file);
  else {
    fs.writeFileSync(path.join(work, 'outside.txt'), 'first line of a private file\n');
    fs.symlinkSync(path.join(work, 'outside.txt'), file);
  }
}

describe('optimize on a hostile build context', () => {
  for (const name of ['Dockerfile', 'package.json', '.dockerignore', 'tsconfig.json', '.npmrc', 'package-lock.json']) {
    for (const how of ['environ', 'outside', 'zero', 'fifo'] as const) {
      it(`${name} as ${how}: a clear answer within seconds, nothing of the target printed`, async () => {
        process.env.LAYERLENS_TEST_SECRET = 'ci-secret-do-not-print';
        try {
          const dir = context();
          replaceWith(dir, name, how);
          const started = Date.now();
          const result = await cli('optimize', dir, '--no-write', ...noEngine);
          expect(Date.now() - started).toBeLessThan(10_000);
          const printed = `${result.out}\n${result.err}`;
          expect(printed).not.toContain('ci-secret-do-not-print');
          expect(printed).not.toContain('first line of a private file');
          expect(printed).not.toMatch(/unexpected error/i);
          if (name === 'Dockerfile') {
            expect(result.code).not.toBe(0);
            expect(result.err).toMatch(/Dockerfile/);
            expect(result.err).toMatch(/symlink that leaves the build context|named pipe|not a file/);
          }
        } finally {
          delete process.env.LAYERLENS_TEST_SECRET;
        }
      });
    }
  }

  it('never copies package.json files from outside the context for workspaces like "../*"', async () => {
    const dir = context({
      ...app,
      'package.json': '{"name":"app","version":"1.0.0","workspaces":["../*","/etc","packages/*"]}',
      'packages/a/package.json': '{"name":"a"}',
    });
    fs.mkdirSync(path.join(work, 'sibling'), { recursive: true });
    fs.writeFileSync(path.join(work, 'sibling', 'package.json'), '{"name":"sibling"}');
    const result = await cli('optimize', dir, '--no-write', '--json', ...noEngine);
    expect(result.code, result.err).toBe(0);
    const plan = JSON.parse(result.out).plan;
    const proposed = plan.candidates.find((c: { id: string }) => c.id === plan.proposed) ?? plan.candidates[0];
    expect(proposed.dockerfile).not.toMatch(/\.\.\/|\/etc|sibling/);
    expect(plan.project.workspaces).toEqual(['packages/a']);
  });

  it('keeps a heredoc COPY of the original build in the lean file', async () => {
    const dockerfile =
      '# syntax=docker/dockerfile:1\nFROM node:18\nWORKDIR /app\nCOPY <<EOF /app/config.json\n{"port": 3000}\nEOF\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
    const dir = context({ ...app, Dockerfile: dockerfile });
    const result = await cli('optimize', dir, '--no-write', '--json', ...noEngine);
    expect(result.code, result.err).toBe(0);
    const plan = JSON.parse(result.out).plan;
    for (const candidate of plan.candidates) expect(candidate.dockerfile).toContain('COPY <<EOF /app/config.json\n{"port": 3000}\nEOF\n');
  });
});
