/**
 * Integration: a PDF from the CLI, printed by the headless Chromium on the machine (/usr/bin/chromium or
 * LAYERLENS_CHROMIUM) from the built renderer (`npx electron-vite build`: `npm test` builds first), read back
 * with poppler's pdftotext; page 1 is kept as test-results/report-page1.png.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formatBytes } from '../../shared/format';
import { cli } from '../test-cli';
import { rendererDir } from '../report-printing';

const root = path.resolve(import.meta.dirname, '../../..');
// A small image of known shape saved by the real engine (test/archive-fixtures.ts).
const fixtures = inject('archiveFixtures');
const tar = fixtures.dockerSave;
const copy = fs.statSync(path.join(fixtures.sourceDir, 'notes.txt')).size;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-pdf-'));
const artifacts = path.join(root, 'test-results');

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
    const analysis = JSON.parse((await cli('inspect', tar, '--json')).out);
    expect(text.replace(/\s+/g, '')).toContain(`Sizereport:${fixtures.tag}`); // a long name wraps
    expect(text).toMatch(new RegExp(`Image size\\s+${formatBytes(analysis.sizeBytes).replace('.', '\\.')}`));
    expect(text).toContain(formatBytes(8 * copy + 19)); // what the fixture's own layers add
    expect(text).toContain(formatBytes(5 * copy + 12)); // true waste
    expect(text).toContain('2 duplicate files in 1 group of identical content'); // the top finding
    expect(text).toContain('Fix:');
    expect(text).toContain('RUN chmod 444 /root/example/somefile1.txt');
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
