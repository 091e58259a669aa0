/**
 * The report model and its renderings, on a small image of known shape saved by the real engine
 * (test/archive-fixtures.ts): every copy of its 7.5 kB text file is a figure the report must show.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formatBytes } from '../../shared/format';
import { layerPart, reportFileName, type ReportRebuild, type SizeReport } from '../../shared/report';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import { renderReportFile, reportJson } from './render';
import { buildSizeReport, type SectionInput } from './report-model';
import { loadReportSubject } from '../services/report-source';

const fixtures = inject('archiveFixtures');
/** The bytes of the one text file the fixture copies around. */
const copy = fs.statSync(path.join(fixtures.sourceDir, 'notes.txt')).size;
const name = fixtures.tag;
const slug = name.replace(/[^A-Za-z0-9._-]+/g, '-');
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
  subject = await loadReportSubject({ kind: 'archive', ref: fixtures.dockerSave }, deps, work);
  // Its busybox base alone: a smaller "after".
  other = await loadReportSubject({ kind: 'archive', ref: fixtures.baseSave }, deps, work);
  report = buildSizeReport({ id: 'r1', subjects: [subject], generatedAt: new Date('2025-01-02T03:04:05Z'), version: '9.9.9' });
});

describe('the report model', () => {
  it("holds the image's identity, sizes, layers, treemap, findings with fixes and attack surface", () => {
    const [image] = report.images;
    expect(report).toMatchObject({ schemaVersion: 1, id: 'r1', kind: 'image', title: `Size report: ${name}` });
    expect(report.generator).toEqual({ name: 'LayerLens', version: '9.9.9' });
    expect(image.identity).toMatchObject({ name, repoTags: [name], id: fixtures.imageId });
    // Eight stored copies of the file, 12 bytes in /opt/cache made then replaced by 7; five copies and the
    // 12 bytes hidden by later layers.
    expect(image.sizes).toMatchObject({ userSizeBytes: 8 * copy + 19, layerCount: fixtures.diffIds.length, trueWasteBytes: 5 * copy + 12 });
    expect(image.sizes.sizeBytes).toBe(image.layers.reduce((sum, layer) => sum + layer.sizeBytes, 0));
    expect(image.layers[3]).toMatchObject({
      instruction: 'RUN mkdir -p /root/example/really/nested && cp /somefile.txt /root/example/somefile1.txt',
      wastedBytes: copy,
    });
    expect(image.findings[0]).toMatchObject({ category: 'duplicate-files', bytes: 2 * copy });
    expect(image.findings[0].fix.length).toBeGreaterThan(10);
    expect(image.attackSurface.runsAsRoot).toBe(true);
    expect(image.treemap.totalBytes).toBe(image.treemap.rects.reduce((s, r) => s + r.bytes, 0));
    expect(image.treemap.rects.find((r) => r.path === '/bin/busybox')?.bytes).toBe(image.layers[0].sizeBytes);
  });

  it('compares two images: before/after with the reduction in MB and %', () => {
    const comparison = buildSizeReport({ id: 'r2', subjects: [subject, other], generatedAt: new Date(), version: '1' });
    expect(comparison.kind).toBe('comparison');
    expect(comparison.images.map((i) => i.role)).toEqual(['before', 'after']);
    const c = comparison.comparison!;
    expect(c.reductionBytes).toBe(subject.analysis.sizeBytes - other.analysis.sizeBytes);
    expect(c.reductionMegabytes).toBeCloseTo(c.reductionBytes / 1e6, 2);
    expect(c.reductionPercent).toBeCloseTo((c.reductionBytes / subject.analysis.sizeBytes) * 100, 1);
    expect(c.rows.find((r) => r.label === 'Image size')).toMatchObject({ before: subject.analysis.sizeBytes, delta: -c.reductionBytes });
    expect(reportFileName(comparison, 'pdf')).toMatch(/^layerlens-compare-.+-vs-.+\.pdf$/);
  });
});

describe('renderings', () => {
  it('Markdown: identity, sizes, layer table, treemap picture, findings with fixes', () => {
    const md = reportMarkdown(report);
    expect(md).toContain(`# Size report: ${name}`);
    expect(md).toContain(`| Image size | ${formatBytes(subject.analysis.sizeBytes)} |`);
    expect(md).toContain(
      `| 3 | \`RUN mkdir -p /root/example/really/nested && cp /somefile.txt /root/example/somefile1.txt\` | ${layerPart(report.images[0].sizes, 3)} | ${formatBytes(copy)} | ${formatBytes(copy)} |`,
    );
    expect(md).toContain('](data:image/svg+xml;base64,');
    expect(md).toContain(`1. **2 duplicate files in 1 group of identical content** — ${formatBytes(2 * copy)}`);
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
    expect(file).toMatchObject({ fileName: `layerlens-report-${slug}.json`, mimeType: 'application/json' });
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
