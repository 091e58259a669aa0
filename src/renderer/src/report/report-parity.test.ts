/**
 * The two renderings of a size report say the same things: the React report view (the app, the PDF) and
 * core's single-file HTML. Both are reduced to their visible text, element by element (code spans written
 * as `code`), and compared whole, so a fact dropped or changed on either side fails; the spot checks make
 * sure the comparison is of the facts a reader looks for (name, sizes, base split, layers and where they
 * live, findings, saving, the comparison's differences).
 */
import { createElement } from 'react';
// react-dom's server renderer (not the app's server layer, which the boundary pattern `**/server` also names).
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/analysis';
import { formatBytes } from '../../../shared/format';
import { reportSchemaVersion, type ReportImageSection, type SizeReport } from '../../../shared/report';
// A test, not the app: it reads core's HTML rendering to hold the renderer's view to it.
// eslint-disable-next-line no-restricted-imports
import { reportArticleHtml } from '../../../core/report/html';
import { ReportView } from './ReportView';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The visible text of an article, one piece per element, code spans as `code`; styles left out. */
function visibleText(markup: string): string[] {
  const article = markup.slice(markup.indexOf('<article'), markup.lastIndexOf('</article>'));
  return article
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<code[^>]*>([\s\S]*?)<\/code>/g, '`$1`')
    .split(/<[^>]+>/)
    .map((text) =>
      text
        .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) =>
          name.startsWith('#x')
            ? String.fromCodePoint(parseInt(name.slice(2), 16))
            : name.startsWith('#')
              ? String.fromCodePoint(Number(name.slice(1)))
              : (entities[name] ?? whole),
        )
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

function finding(over: Partial<Finding> & Pick<Finding, 'title' | 'bytes' | 'layerIndex'>): ReportImageSection['findings'][number] {
  return {
    category: 'package-cache',
    instruction: 'RUN apt-get update && apt-get install -y curl',
    fix: 'Add `rm -rf /var/lib/apt/lists/*` to the same `RUN`.',
    fileCount: 3,
    files: [{ path: '/var/lib/apt/lists/a', bytes: 1_200_000 }],
    ...over,
  };
}

function section(role: ReportImageSection['role'], name: string, sizeBytes: number): ReportImageSection {
  return {
    role,
    identity: {
      name,
      id: `sha256:${'a'.repeat(64)}`,
      repoTags: [name],
      repoDigests: [],
      platform: 'linux/amd64',
      source: { kind: 'engine', ref: name },
      engine: 'Docker Engine - Community 27.1.1',
      created: '2026-01-02T03:04:05Z',
    },
    sizes: {
      sizeBytes,
      base: { name: 'node:18', how: 'local-image', layerCount: 2, sizeBytes: 1_250_000_000 },
      ownSizeBytes: sizeBytes - 1_250_000_000,
      baseSizeBytes: 1_100_000_000,
      userSizeBytes: sizeBytes - 1_100_000_000,
      layerCount: 4,
      fileCount: 41_234,
      efficiency: 0.998,
      trueWasteBytes: 1_690_000,
      trueWasteRatio: 1_690_000 / sizeBytes,
      dive: { efficiency: 0.998, wastedBytes: 2_600_000, userWastedPercent: 1.4 },
      potentialSavingBytes: 607_000_000,
      duplicateBytes: 12_000_000,
    },
    layers: [
      { index: 0, instruction: '', sizeBytes: 1_100_000_000, wastedBytes: 0, fileCount: 30_000, digest: 'sha256:0' },
      {
        index: 1,
        instruction: 'RUN apt-get update && apt-get install -y curl',
        sizeBytes: 150_000_000,
        wastedBytes: 1_690_000,
        fileCount: 9_000,
        digest: 'sha256:1',
      },
      { index: 2, instruction: 'COPY . /app', sizeBytes: 20_000_000, wastedBytes: 0, fileCount: 2_000, digest: 'sha256:2' },
      { index: 3, instruction: 'RUN npm ci', sizeBytes: sizeBytes - 1_270_000_000, wastedBytes: 0, fileCount: 234, digest: 'sha256:3' },
    ],
    treemap: {
      width: 1000,
      height: 400,
      totalBytes: sizeBytes,
      fileCount: 41_234,
      rects: [
        { x: 0, y: 12, w: 600, h: 388, path: '/usr/lib', label: 'lib', bytes: 800_000_000, fileCount: 20_000, kind: 'dir', fill: '#3b82f6' },
        { x: 600, y: 12, w: 400, h: 388, path: '/app/node_modules', label: '', bytes: 60_000_000, fileCount: 1_000, kind: 'rest', fill: '#db2777' },
      ],
      groups: [{ x: 0, y: 0, w: 1000, h: 400, path: '/usr', label: 'usr · 1.25 GB', bytes: 1_250_000_000, stroke: '#1d2129' }],
    },
    findings: [
      finding({
        category: 'large-base-image',
        title: 'Large base image `node:18`',
        bytes: 500_000_000,
        layerIndex: 0,
        inBase: true,
        instruction: '',
        fix: 'Build on `node:18-slim` (323 MB here).',
        files: [],
        fileCount: 0,
      }),
      finding({ title: 'APT lists left in `/var/lib/apt/lists`', bytes: 107_000_000, layerIndex: 1 }),
      finding({
        category: 'duplicate-files',
        title: '112 duplicate files',
        bytes: 1_360_000,
        layerIndex: -1,
        instruction: '',
        fix: 'Keep one copy.',
      }),
    ],
    findingCount: 12,
    attackSurface: {
      osPackages: { manager: 'dpkg', count: 412 },
      shells: ['bash', 'sh'],
      packageManagers: ['apt', 'npm'],
      compilers: ['gcc'],
      setuidFiles: ['/usr/bin/su'],
      setgidFiles: [],
      worldWritableDirs: [],
      runsAsRoot: true,
      user: '',
      fileCount: 41_234,
      executableCount: 2_345,
    },
    inefficientFiles: [{ path: '/var/cache/apt/pkgcache.bin', cumulativeBytes: 2_600_000, count: 2 }],
  };
}

const report: SizeReport = {
  schemaVersion: reportSchemaVersion,
  id: 'r-parity',
  kind: 'comparison',
  title: 'app:1.0 → app:1.0-lean',
  generatedAt: '2026-01-02T03:04:05Z',
  generator: { name: 'LayerLens', version: '0.1.0' },
  images: [section('before', 'app:1.0', 1_310_000_000), section('after', 'app:1.0-lean', 265_500_000)],
  comparison: {
    beforeName: 'app:1.0',
    afterName: 'app:1.0-lean',
    beforeBytes: 1_310_000_000,
    afterBytes: 265_500_000,
    reductionBytes: 1_044_500_000,
    reductionMegabytes: 1044.5,
    reductionPercent: 79.7,
    rows: [
      { label: 'Size', unit: 'bytes', before: 1_310_000_000, after: 265_500_000, delta: -1_044_500_000 },
      { label: 'Efficiency', unit: 'ratio', before: 0.998, after: 1, delta: 0.002 },
      { label: 'Findings', unit: 'count', before: 12, after: 2, delta: -10 },
    ],
    differences: {
      files: {
        added: 3,
        removed: 120,
        changed: 2,
        addedBytes: 4_000_000,
        removedBytes: 1_040_000_000,
        changedBytes: -500_000,
        largest: [
          { path: '/usr/lib/gcc/x86_64-linux-gnu/12/cc1', change: 'removed', bytesBefore: 35_000_000, bytesAfter: 0, delta: -35_000_000 },
          { path: '/app/dist/server.js', change: 'added', bytesBefore: 0, bytesAfter: 2_000_000, delta: 2_000_000 },
        ],
      },
      findings: {
        disappeared: [{ category: 'package-cache', title: 'APT lists left in `/var/lib/apt/lists`', bytes: 107_000_000 }],
        disappearedCount: 11,
        appeared: [],
        appearedCount: 0,
        persisting: 1,
      },
      packages: {
        manager: 'dpkg',
        added: [],
        addedCount: 0,
        removed: [{ name: 'gcc-12', version: '12.2.0-14' }],
        removedCount: 300,
        changed: [{ name: 'libc6', from: '2.36-9', to: '2.36-9+deb12u4' }],
        changedCount: 1,
        unchanged: 90,
      },
    },
  },
  rebuild: {
    original: { image: 'app:1.0', id: 'sha256:1', sizeBytes: 1_310_000_000, built: false },
    lean: { image: 'app:1.0-lean', id: 'sha256:2', sizeBytes: 265_500_000, built: true },
    savedBytes: 1_044_500_000,
    reductionPercent: 79.7,
    summary: 'c1 (node:18-slim, devDependencies pruned) behaves like the original.',
    verification: {
      passed: true,
      summary: 'GET / answered the same',
      mode: 'http',
      checks: [{ name: 'GET /', passed: true, original: '200 "<h1>hi</h1>"', lean: '200 "<h1>hi</h1>"' }],
    },
    dockerfile: {
      name: 'Dockerfile',
      original: 'FROM node:18\nCOPY . .\nRUN npm ci\n',
      proposed: 'FROM node:18 AS build\nCOPY . .\nRUN npm ci\nFROM node:18-slim\nCOPY --from=build /app /app\n',
      diff: '--- Dockerfile\n+++ Dockerfile.lean\n@@ -1,3 +1,5 @@\n-FROM node:18\n+FROM node:18 AS build\n COPY . .\n RUN npm ci\n+FROM node:18-slim\n',
      changes: [{ title: 'A runtime stage on node:18-slim', reason: 'The build needs `gcc`; the runtime does not.' }],
    },
  },
};

describe('the React report view and the HTML report', () => {
  const reactMarkup = renderToStaticMarkup(createElement(ReportView, { report }));
  const htmlMarkup = reportArticleHtml(report);
  const react = visibleText(reactMarkup);
  const html = visibleText(htmlMarkup);
  const sides = { react, html };

  it('say the same things, in the same order', () => {
    expect(react).toEqual(html);
  });

  /** The cells of the layer table's row for a layer: index, instruction, where it lives, size, waste. */
  function layerRow(text: string[], from: number, index: number, instruction: string): string[] {
    const at = text.findIndex((line, i) => i >= from && line === String(index) && text[i + 1] === instruction);
    expect(at, `layer ${index} (${instruction})`).toBeGreaterThanOrEqual(0);
    return text.slice(at, at + 5);
  }

  for (const [name, text] of Object.entries(sides)) {
    describe(`${name} states the facts`, () => {
      const all = text.join('\n');

      it('the image names, sizes and the base split', () => {
        expect(text).toContain('Before: app:1.0');
        expect(text).toContain('After: app:1.0-lean');
        expect(text).toContain(formatBytes(1_310_000_000));
        expect(text).toContain(formatBytes(265_500_000));
        // The base split: the base by name with its size and layers, then what your build added.
        const base = text.indexOf('Base image (node:18)');
        expect(base).toBeGreaterThanOrEqual(0);
        expect(text[base + 1]).toBe(`${formatBytes(1_250_000_000)} in 2 layers`);
        expect(text[base + 2]).toBe('Added by your build');
        expect(text[base + 3]).toBe(`${formatBytes(1_310_000_000 - 1_250_000_000)} in 2 layers`);
      });

      it('every layer with its instruction and where it lives', () => {
        const section = text.indexOf('Before: app:1.0');
        expect(layerRow(text, section, 0, '(none recorded)')).toEqual([
          '0',
          '(none recorded)',
          'base image',
          formatBytes(1_100_000_000),
          formatBytes(0),
        ]);
        expect(layerRow(text, section, 1, 'RUN apt-get update && apt-get install -y curl')).toEqual([
          '1',
          'RUN apt-get update && apt-get install -y curl',
          'base image',
          formatBytes(150_000_000),
          formatBytes(1_690_000),
        ]);
        expect(layerRow(text, section, 2, 'COPY . /app').slice(2, 4)).toEqual(['your build', formatBytes(20_000_000)]);
        expect(layerRow(text, section, 3, 'RUN npm ci')[2]).toBe('your build');
      });

      it('the findings with their bytes and fixes, and the saving', () => {
        expect(all).toContain(`Large base image \`node:18\` —\n${formatBytes(500_000_000)}`);
        expect(all).toContain(`APT lists left in \`/var/lib/apt/lists\` —\n${formatBytes(107_000_000)}`);
        expect(all).toContain('Build on `node:18-slim` (323 MB here).');
        expect(all).toContain('layer 0, in the base image');
        expect(all).toContain('whole image');
        expect(text).toContain('Potential saving');
        expect(text).toContain('607 MB');
        expect(all).toContain('/var/cache/apt/pkgcache.bin');
      });

      it('one size format and readable dates', () => {
        expect(all).toContain('app:1.0-lean is 1.04 GB (79.7 %) smaller than app:1.0');
        expect(text).toContain('1.04 GB');
        // The change column in the Compare page's signed format.
        expect(text).toContain('−1.04 GB');
        expect(all).not.toMatch(/\d{4,}\.\d\d MB/);
        expect(all).toContain('Generated 2 January 2026, 03:04 UTC by LayerLens 0.1.0');
        expect(all).toContain('2 January 2026, 03:04 UTC');
        expect(all).not.toContain('2026-01-02T03:04:05Z');
      });

      it('the comparison’s file, finding and package differences', () => {
        expect(all).toContain(
          `3 added (${formatBytes(4_000_000)}) · 120 removed (${formatBytes(1_040_000_000)}) · 2 changed (−${formatBytes(500_000)})`,
        );
        expect(all).toContain('`/usr/lib/gcc/x86_64-linux-gnu/12/cc1`');
        expect(all).toContain(`−${formatBytes(35_000_000)}`);
        expect(all).toContain('Disappeared (fixed in the after image) (11)');
        expect(all).toContain('10 more not listed.');
        expect(all).toContain('Appeared in the after image (0)');
        expect(all).toContain('0 added · 300 removed · 1 changed version · 90 unchanged (dpkg)');
        expect(all).toContain('− gcc-12 12.2.0-14 and 299 more');
        expect(all).toContain('libc6 2.36-9 → 2.36-9+deb12u4');
      });

      it('the rebuild with its summary and verification', () => {
        expect(text).toContain(report.rebuild!.summary!);
        expect(text).toContain('Verification: GET / answered the same.');
        expect(text).toContain('GET /');
      });
    });
  }

  it('shows code spans as code, never as raw backticks', () => {
    for (const markup of [reactMarkup, htmlMarkup]) {
      const outsideCode = markup
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')
        .replace(/<pre[\s\S]*?<\/pre>/g, '');
      expect(outsideCode).not.toContain('`');
      expect(markup).toContain('<code>node:18-slim</code>');
    }
  });

  it('notices a fact that one side drops', () => {
    const withoutPart = visibleText(htmlMarkup.replace('<td>your build</td>', '<td></td>'));
    expect(withoutPart).not.toEqual(react);
  });
});
