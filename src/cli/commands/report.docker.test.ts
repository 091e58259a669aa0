import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../test-cli';

// A small image of known shape, saved by the real engine (test/archive-fixtures.ts), and its base.
const fixtures = inject('archiveFixtures');
const tar = fixtures.dockerSave;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-report-'));

describe('layerlens report (Markdown, HTML, JSON)', () => {
  it('writes each format to -o, atomically', async () => {
    for (const [flag, name] of [
      ['--md', 'r.md'],
      ['--html', 'r.html'],
      ['--json', 'r.json'],
    ]) {
      const file = path.join(dir, name);
      const result = await cli('report', tar, flag, '-o', file);
      expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^Wrote .*r\.(md|html|json) \((MD|HTML|JSON), /) });
    }
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain(`# Size report: ${fixtures.tag}`);
    expect(fs.readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*2 duplicate files/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'image', images: [{ identity: { name: fixtures.tag } }] });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('compares two images with --compare: before/after and the reduction', async () => {
    const file = path.join(dir, 'compare.json');
    const result = await cli('report', tar, '--compare', fixtures.baseSave, '-o', file);
    expect(result.code).toBe(0); // the format comes from the extension
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.kind).toBe('comparison');
    expect(json.comparison.beforeBytes).toBe(json.images[0].sizes.sizeBytes);
    expect(json.comparison.reductionBytes).toBe(json.images[0].sizes.sizeBytes - json.images[1].sizes.sizeBytes);
    expect(json.comparison.reductionBytes).toBeGreaterThan(0);
    expect(typeof json.comparison.reductionPercent).toBe('number');
  });

  it('says what is wrong with the arguments (exit 1)', async () => {
    expect(await cli('report', tar, '--md')).toMatchObject({ code: 1, err: expect.stringContaining('-o FILE') });
    expect(await cli('report', tar, '-o', path.join(dir, 'x.txt'))).toMatchObject({ code: 1, err: expect.stringContaining('Choose a format') });
    expect(await cli('report', tar, '--md', '--json', '-o', path.join(dir, 'x'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('one format'),
    });
    expect(await cli('report', tar, '--pdf', '--paper', 'a3', '-o', path.join(dir, 'x.pdf'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('a4 or letter'),
    });
    expect(await cli('report', tar, '--md', '-o', path.join(dir, 'no', 'such', 'x.md'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('does not exist'),
    });
  });

  it('names what it tried when no Chromium is found for a PDF', async () => {
    const saved = { path: process.env.PATH, chromium: process.env.LAYERLENS_CHROMIUM };
    try {
      process.env.LAYERLENS_CHROMIUM = path.join(dir, 'no-chromium-here');
      const named = await cli('report', tar, '--pdf', '-o', path.join(dir, 'x.pdf'));
      expect(named).toMatchObject({ code: 1, err: expect.stringContaining('No Chromium at') });
      expect(named.err).toContain('LAYERLENS_CHROMIUM');
      expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
    } finally {
      process.env.PATH = saved.path;
      if (saved.chromium === undefined) delete process.env.LAYERLENS_CHROMIUM;
      else process.env.LAYERLENS_CHROMIUM = saved.chromium;
    }
  });
});
