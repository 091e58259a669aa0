import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportFileName, type ReportRebuild, type SizeReport } from '../../shared/report';
import { writeFileAtomic } from '../fs/atomic-write';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import { renderReportFile, reportJson } from './render';
import { buildSizeReport, type SectionInput } from './report-model';
import { loadReportSubject } from './report-source';

const archives = path.resolve(import.meta.dirname, '../../../../shared/fixtures/dive-archives');
const dockerTar = path.join(archives, 'test-docker-image.tar');
const kanikoTar = path.join(archives, 'test-kaniko-image.tar');
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-report-cache-'));
const deps = {
  withEngine: () => Promise.reject(new Error('no engine in this test')),
  cacheDir,
};
const work = { signal: new AbortController().signal, progress: () => undefined };

const rebuild: ReportRebuild = {
  original: { image: 'app:1', id: 'sha256:aaa', sizeBytes: 1_000_000_000, built: false },
  lean: { image: 'app:1-lean', id: 'sha256:bbb', sizeBytes: 150_000_000, built: true },
  savedBytes: 850_000_000,
  reductionPercent: 85,
  verification: { passed: true, mode: 'http', checks: [{ name: 'GET /', passed: true, original: '200', lean: '200' }] },
  dockerfile: {
    name: 'Dockerfile',
    original: 'FROM node:18\nCOPY . .\n',
    proposed: 'FROM node:18 AS build\nCOPY . .\nFROM node:18-slim\n',
    diff: '--- Dockerfile\n+++ Dockerfile.lean\n@@ -1,2 +1,3 @@\n-FROM node:18\n+FROM node:18 AS build\n COPY . .\n+FROM node:18-slim\n',
    changes: [{ title: 'Multi-stage build', reason: 'The toolchain stays in the build stage.' }],
  },
};

let subject: SectionInput;
let other: SectionInput;
let report: SizeReport;

beforeAll(async () => {
  subject = await loadReportSubject({ kind: 'archive', ref: dockerTar }, deps, work);
  other = await loadReportSubject({ kind: 'archive', ref: kanikoTar }, deps, work);
  report = buildSizeReport({ id: 'r1', subjects: [subject], generatedAt: new Date('2025-01-02T03:04:05Z'), version: '9.9.9' });
});

describe('the report model', () => {
  it("holds the image's identity, sizes, layers, treemap, findings with fixes and attack surface", () => {
    const [image] = report.images;
    expect(report).toMatchObject({ schemaVersion: 1, id: 'r1', kind: 'image', title: 'Size report: dive-test:latest' });
    expect(report.generator).toEqual({ name: 'LayerLens', version: '9.9.9' });
    expect(image.identity).toMatchObject({ name: 'dive-test:latest', platform: 'linux/amd64', repoTags: ['dive-test:latest'] });
    expect(image.identity.id).toMatch(/^sha256:75ae28b8/);
    expect(image.sizes).toMatchObject({ sizeBytes: 1_220_598, userSizeBytes: 66_237, layerCount: 14, trueWasteBytes: 32_025 });
    expect(image.sizes.dive.userWastedPercent).toBeCloseTo(0.4835, 4);
    expect(image.layers[3]).toMatchObject({ instruction: 'RUN cp /somefile.txt /root/example/somefile1.txt', wastedBytes: 6405 });
    expect(image.findings[0]).toMatchObject({ category: 'duplicate-files', bytes: 25_620 });
    expect(image.findings[0].fix.length).toBeGreaterThan(10);
    expect(image.attackSurface.runsAsRoot).toBe(true);
    expect(image.treemap.totalBytes).toBe(image.treemap.rects.reduce((s, r) => s + r.bytes, 0));
    expect(image.treemap.rects.find((r) => r.path === '/bin/[')?.bytes).toBe(1_075_464); // busybox; its other names are hard links
  });

  it('compares two images: before/after with the reduction in MB and %', () => {
    const comparison = buildSizeReport({ id: 'r2', subjects: [subject, other], generatedAt: new Date(), version: '1' });
    expect(comparison.kind).toBe('comparison');
    expect(comparison.images.map((i) => i.role)).toEqual(['before', 'after']);
    const c = comparison.comparison!;
    expect(c.reductionBytes).toBe(subject.analysis.sizeBytes - other.analysis.sizeBytes);
    expect(c.reductionMegabytes).toBeCloseTo(c.reductionBytes / 1e6, 2);
    expect(c.reductionPercent).toBeCloseTo((c.reductionBytes / subject.analysis.sizeBytes) * 100, 1);
    expect(c.rows.find((r) => r.label === 'Image size')).toMatchObject({ before: 1_220_598, delta: -c.reductionBytes });
    expect(reportFileName(comparison, 'pdf')).toMatch(/^layerlens-compare-dive-test-latest-vs-.+\.pdf$/);
  });
});

describe('renderings', () => {
  it('Markdown: identity, sizes, layer table, treemap picture, findings with fixes', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('# Size report: dive-test:latest');
    expect(md).toContain('| Image size | 1.22 MB |');
    expect(md).toContain('| 3 | `RUN cp /somefile.txt /root/example/somefile1.txt` | 6.41 kB | 6.41 kB |');
    expect(md).toContain('](data:image/svg+xml;base64,');
    expect(md).toMatch(/1\. \*\*4 duplicate files in 1 group of identical content\*\* — 25\.6 kB/);
    expect(md).toContain('   - Fix: ');
  });

  it('HTML: one self-contained file, no scripts, everything escaped', () => {
    const evil = structuredClone(report);
    evil.images[0].layers[0].instruction = 'RUN echo "<script>alert(1)</script>"';
    evil.images[0].treemap.rects[0].path = '/<img src=x onerror=alert(1)>';
    evil.rebuild = rebuild;
    const html = reportHtml(evil, 'letter');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@page { size: letter; }');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<span class="rp-diff-add">+FROM node:18 AS build</span>');
    expect(html).toContain('PASSED');
  });

  it('JSON: the model itself, and the same file through renderReportFile', async () => {
    expect(JSON.parse(reportJson(report))).toEqual(report);
    const file = await renderReportFile(report, 'json');
    expect(file).toMatchObject({ fileName: 'layerlens-report-dive-test-latest.json', mimeType: 'application/json' });
    await expect(renderReportFile(report, 'pdf')).rejects.toThrow(/PDF export is not available here/);
  });

  it('the rebuild section: sizes, verification, generated Dockerfile and its diff', () => {
    const withRebuild = buildSizeReport({ id: 'r3', subjects: [subject], rebuild, generatedAt: new Date(), version: '1' });
    const md = reportMarkdown(withRebuild);
    expect(md).toContain('| Saved | 850 MB (85.0 %) |');
    expect(md).toContain('```dockerfile\nFROM node:18 AS build');
    expect(md).toContain('```diff\n--- Dockerfile');
    expect(md).toContain('| GET / | pass | 200 | 200 |');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-atomic-'));
    const file = path.join(dir, 'r.md');
    fs.writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(fs.readFileSync(file, 'utf8')).toBe('new content');
    expect(fs.readdirSync(dir)).toEqual(['r.md']);
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.md'), 'x')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['r.md']);
  });
});
