import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkDirectory, walkDirectoryUnordered } from './walk';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-walk-'));
  for (const rel of ['b.txt', 'a/z.txt', 'a/y/x.txt', 'A.txt', 'skip/inner.txt', 'c/d/e/f.txt']) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), '');
  }
  fs.symlinkSync('a', path.join(root, 'link'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('walkDirectory', () => {
  it('visits depth first in pre-order, in the given order, without following links', async () => {
    const seen: string[] = [];
    await walkDirectory(root, {
      compare: (a, b) => a.localeCompare(b),
      visit: ({ rel, name, depth }) => {
        seen.push(`${depth}:${rel}`);
        return name !== 'skip';
      },
    });
    expect(seen).toEqual([
      '0:a',
      '1:a/y',
      '2:a/y/x.txt',
      '1:a/z.txt',
      '0:A.txt',
      '0:b.txt',
      '0:c',
      '1:c/d',
      '2:c/d/e',
      '3:c/d/e/f.txt',
      '0:link',
      '0:skip',
    ]);
  });

  it('stops when asked, and skips or throws on a folder it cannot read', async () => {
    const seen: string[] = [];
    await walkDirectory(root, { visit: ({ rel }) => (seen.push(rel), rel === 'a/y' ? 'stop' : true) });
    expect(seen).toEqual(['A.txt', 'a', 'a/y']);
    const missing = path.join(root, 'missing');
    await expect(walkDirectory(missing, { unreadable: 'skip', visit: () => true })).resolves.toBeUndefined();
    await expect(walkDirectory(missing, { visit: () => true })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('ends with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController();
    const walking = walkDirectory(root, { signal: controller.signal, visit: () => true });
    controller.abort();
    await expect(walking).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('walkDirectoryUnordered', () => {
  it('visits every entry once, descending where asked, several folders at a time', async () => {
    for (const concurrency of [1, 3, 16]) {
      const seen: string[] = [];
      await walkDirectoryUnordered(root, { concurrency, visit: ({ rel, name }) => (seen.push(rel), name !== 'skip') });
      expect(seen.sort()).toEqual(['A.txt', 'a', 'a/y', 'a/y/x.txt', 'a/z.txt', 'b.txt', 'c', 'c/d', 'c/d/e', 'c/d/e/f.txt', 'link', 'skip']);
    }
  });

  it("fails with the first folder's error, and with CANCELLED on abort", async () => {
    await expect(walkDirectoryUnordered(path.join(root, 'missing'), { visit: () => true })).rejects.toMatchObject({ code: 'ENOENT' });
    const controller = new AbortController();
    const walking = walkDirectoryUnordered(root, { signal: controller.signal, visit: () => true });
    controller.abort();
    await expect(walking).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
