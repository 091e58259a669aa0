/**
 * Integration: a PDF from the CLI, printed by the headless Chromium on the machine (/usr/bin/chromium or
 * LAYERLENS_CHROMIUM) from the built renderer (`npx electron-vite build`: `npm test` builds first), read back
 * with poppler's pdftotext; page 1 is kept as test-results/report-page1.png.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../index';
import { rendererDir } from './report';

const root = path.resolve(import.meta.dirname, '../../..');
const tar = path.resolve(root, '../shared/fixtures/dive-archives/test-docker-image.tar');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-pdf-'));
const artifacts = path.join(root, 'test-results');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(rendererDir(), 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir()}): run \`npx electron-vite build\` first.`);
  }
});

describe('layerlens report --pdf (headless Chromium)', () => {
  it('prints the report view: the image name, the size figures and the top finding, with page numbers', async () => {
    const pdf = path.join(dir, 'report.pdf');
    const result = await cli('report', tar, '--pdf', '-o', pdf);
    expect(result.err).toBe('');
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('(PDF, ') });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Size report: dive-test:latest');
    expect(text).toMatch(/Image size\s+1\.22 MB/);
    expect(text).toContain('Added by the build');
    expect(text).toContain('66.2 kB');
    expect(text).toContain('32.0 kB'); // true waste
    expect(text).toContain('4 duplicate files in 1 group of identical content'); // the top finding
    expect(text).toContain('Fix:');
    expect(text).toContain('RUN cp /somefile.txt /root/example/somefile1.txt');
    expect(text).toMatch(/Page 1 of \d+/);

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);

    fs.mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(artifacts, 'report-page1')]);
    expect(fs.statSync(path.join(artifacts, 'report-page1.png')).size).toBeGreaterThan(10_000);
  }, 90_000);

  it('prints on Letter paper when asked', async () => {
    const pdf = path.join(dir, 'letter.pdf');
    expect((await cli('report', tar, '--pdf', '--paper', 'letter', '-o', pdf)).code).toBe(0);
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  }, 90_000);
});
