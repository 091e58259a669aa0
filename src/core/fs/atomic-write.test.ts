import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-atomic-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temp file behind', async () => {
    const file = path.join(dir, 'report.md');
    fs.writeFileSync(file, 'old');
    expect(await writeFileAtomic(file, 'new')).toBe('written');
    expect(writeFileAtomicSync(file, 'newer', { mode: 0o600 })).toBe('written');
    expect(fs.readFileSync(file, 'utf8')).toBe('newer');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['report.md']);
  });

  it('with noClobber keeps an existing file and says so', async () => {
    const file = path.join(dir, 'Dockerfile.lean');
    fs.writeFileSync(file, 'the user edited this');
    expect(writeFileAtomicSync(file, 'proposal', { noClobber: true })).toBe('exists');
    expect(await writeFileAtomic(file, 'proposal', { noClobber: true })).toBe('exists');
    expect(fs.readFileSync(file, 'utf8')).toBe('the user edited this');
    expect(fs.readdirSync(dir)).toEqual(['Dockerfile.lean']);
  });

  it('cleans up when the folder is gone', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x'), 'data')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
