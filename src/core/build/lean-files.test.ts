import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomic, writeLeanFiles } from './lean-files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-lean-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'mine\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeLeanFiles', () => {
  it('writes Dockerfile.lean and Dockerfile.lean.dockerignore beside the original, leaving no temp files', () => {
    const result = writeLeanFiles({
      contextDir: dir,
      dockerfilePath: path.join(dir, 'Dockerfile'),
      dockerfile: 'FROM lean\n',
      dockerignore: 'x\nmine\n',
    });
    expect(result.dockerfile.status).toBe('written');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.lean'), 'utf8')).toBe('FROM lean\n');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.lean.dockerignore'), 'utf8')).toBe('x\nmine\n');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM x\n');
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps an existing .lean file unless asked, and says so', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile.lean'), 'FROM theirs\n');
    const request = { contextDir: dir, dockerfilePath: path.join(dir, 'Dockerfile'), dockerfile: 'FROM lean\n' };
    expect(writeLeanFiles(request).dockerfile.status).toBe('kept');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.lean'), 'utf8')).toBe('FROM theirs\n');
    expect(writeLeanFiles({ ...request, overwrite: true }).dockerfile.status).toBe('written');
    expect(writeLeanFiles(request).dockerfile.status).toBe('unchanged');
  });

  it('refuses to write over the original Dockerfile or .dockerignore', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), 'theirs\n');
    for (const out of ['Dockerfile', '.dockerignore', 'Dockerfile.dockerignore']) {
      expect(() =>
        writeLeanFiles({
          contextDir: dir,
          dockerfilePath: path.join(dir, 'Dockerfile'),
          dockerfile: 'FROM lean\n',
          out: path.join(dir, out),
          overwrite: true,
        }),
      ).toThrow(/never overwrites/);
    }
    expect(writeAtomic(path.join(dir, 'new'), 'a', false).status).toBe('written');
  });
});
