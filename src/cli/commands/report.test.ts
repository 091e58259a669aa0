import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../index';

const archives = path.resolve(import.meta.dirname, '../../../../shared/fixtures/dive-archives');
const tar = path.join(archives, 'test-docker-image.tar');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-report-'));

describe('layerlens report (Markdown, HTML, JSON)', () => {
  it('writes each format to -o, atomically', async () => {
    for (const [flag, name] of [['--md', 'r.md'], ['--html', 'r.html'], ['--json', 'r.json']]) {
      const file = path.join(dir, name);
      const result = await cli('report', tar, flag, '-o', file);
      expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^Wrote .*r\.(md|html|json) \((MD|HTML|JSON), /) });
    }
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain('# Size report: dive-test:latest');
    expect(fs.readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*4 duplicate files/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'image', images: [{ identity: { name: 'dive-test:latest' } }] });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('compares two images with --compare: before/after and the reduction', async () => {
    const file = path.join(dir, 'compare.json');
    const result = await cli('report', tar, '--compare', path.join(archives, 'test-kaniko-image.tar'), '-o', file);
    expect(result.code).toBe(0); // the format comes from the extension
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.kind).toBe('comparison');
    expect(json.comparison.beforeBytes).toBe(1_220_598);
    expect(typeof json.comparison.reductionPercent).toBe('number');
  });

  it('says what is wrong with the arguments (exit 1)', async () => {
    expect(await cli('report', tar, '--md')).toMatchObject({ code: 1, err: expect.stringContaining('-o FILE') });
    expect(await cli('report', tar, '-o', path.join(dir, 'x.txt'))).toMatchObject({ code: 1, err: expect.stringContaining('Choose a format') });
    expect(await cli('report', tar, '--md', '--json', '-o', path.join(dir, 'x'))).toMatchObject({ code: 1, err: expect.stringContaining('one format') });
    expect(await cli('report', tar, '--pdf', '--paper', 'a3', '-o', path.join(dir, 'x.pdf'))).toMatchObject({ code: 1, err: expect.stringContaining('a4 or letter') });
    expect(await cli('report', tar, '--md', '-o', path.join(dir, 'no', 'such', 'x.md'))).toMatchObject({ code: 1, err: expect.stringContaining('does not exist') });
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
