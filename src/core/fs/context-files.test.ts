import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsInContext, readContextFile, readContextJson } from './context-files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-context-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (name: string, maxBytes?: number) => () => readContextFile(dir, name, { what: 'the Dockerfile', maxBytes });

describe('readContextFile', () => {
  it('reads regular files, and symlinks that stay inside the context', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x\n');
    fs.symlinkSync('Dockerfile', path.join(dir, 'Dockerfile.link'));
    expect(read('Dockerfile')()).toBe('FROM x\n');
    expect(read('Dockerfile.link')()).toBe('FROM x\n');
    expect(read('missing')()).toBeNull();
  });

  it('never follows a symlink out of the context, and never echoes what it points at', () => {
    process.env.LAYERLENS_TEST_SECRET = 'do-not-print-me';
    try {
      fs.symlinkSync('/proc/self/environ', path.join(dir, 'Dockerfile'));
      fs.writeFileSync(path.join(os.tmpdir(), 'layerlens-outside.txt'), 'first line secret\n');
      fs.symlinkSync(path.join(os.tmpdir(), 'layerlens-outside.txt'), path.join(dir, 'package.json'));
      for (const name of ['Dockerfile', 'package.json']) {
        let message = '';
        try {
          read(name)();
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toMatch(/is a symlink that leaves the build context/);
        expect(message).not.toMatch(/do-not-print-me|first line secret/);
      }
      expect(() => read('../escape')()).toThrow(/outside the build context/);
    } finally {
      delete process.env.LAYERLENS_TEST_SECRET;
      fs.rmSync(path.join(os.tmpdir(), 'layerlens-outside.txt'), { force: true });
    }
  });

  it('refuses FIFOs, devices and folders without blocking, and files over the limit', () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(read('fifo')).toThrow(/\(fifo\) is a named pipe \(FIFO\), not a file/);
    fs.mkdirSync(path.join(dir, 'folder'));
    expect(read('folder')).toThrow(/is a folder, not a file/);
    fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(2048));
    expect(read('big', 1024)).toThrow(/is 2048 bytes; LayerLens reads at most 1024 bytes of it/);
  });

  it('refuses a link to a device (/dev/zero) inside the context', () => {
    // Inside the context a device would be a node; outside, a link to it leaves the context.
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    expect(read('zero')).toThrow(/leaves the build context/);
  });

  it('says where a JSON file is malformed, without its text', () => {
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "x",\n  "private": tru\n}\n');
    expect(() => readContextJson(dir, 'package.json', 'package.json')).toThrow(/package\.json \(package\.json\) is not valid JSON \((near )?line 3/);
    expect(existsInContext(dir, 'package.json')).toBe(true);
    expect(existsInContext(dir, '../etc')).toBe(false);
  });
});
