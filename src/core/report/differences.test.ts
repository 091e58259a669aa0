/**
 * A comparison report holds what the Compare page shows beside the figures: the files, the findings and
 * the OS packages that differ, lists cut short with their whole counts, in every rendering.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/analysis';
import type { ImageComparison } from '../../shared/explore';
import { reportSchemaVersion, type SizeReport } from '../../shared/report';
import { reportArticleHtml } from './html';
import { reportMarkdown } from './markdown';
import { differencesOf, findingChangeCount, packageChangeCount } from './report-model';

const finding = (title: string, bytes: number): Finding =>
  ({
    category: 'package-cache',
    title,
    bytes,
    layerIndex: 1,
    instruction: 'RUN x',
    fix: 'Remove `x`.',
    fileCount: 0,
    files: [],
  }) as unknown as Finding;

const comparison: Pick<ImageComparison, 'files' | 'fileDiff' | 'findings' | 'packages'> = {
  files: { added: 1, removed: 2, changed: 0, addedBytes: 2_000_000, removedBytes: 3_500_000, changedBytes: 0 },
  fileDiff: {
    entries: [
      { path: '/opt/random-3mb.bin', change: 'removed', kind: 'file', bytesA: 3_000_000, bytesB: 0, delta: -3_000_000 },
      { path: '/opt/app/data/two-mb.bin', change: 'added', kind: 'file', bytesA: 0, bytesB: 2_000_000, delta: 2_000_000 },
    ],
    total: 2,
    offset: 0,
  },
  findings: {
    appeared: Array.from({ length: findingChangeCount + 3 }, (_, i) => finding(`Cache \`/var/cache/${i}\``, 1000 + i)),
    disappeared: [finding('APT lists left in `/var/lib/apt/lists`', 107_000_000)],
    persisting: [],
  },
  packages: {
    manager: 'dpkg',
    added: Array.from({ length: packageChangeCount + 1 }, (_, i) => ({ name: `pkg${i}`, version: '1.0' })),
    removed: [{ name: 'gcc-12', version: '12.2.0' }],
    changed: [],
    unchanged: 7,
  },
};

describe('the differences of a comparison report', () => {
  const d = differencesOf(comparison);

  it('keeps the largest entries and the whole counts', () => {
    expect(d.files.largest.map((f) => [f.path, f.change, f.delta])).toEqual([
      ['/opt/random-3mb.bin', 'removed', -3_000_000],
      ['/opt/app/data/two-mb.bin', 'added', 2_000_000],
    ]);
    expect(d.findings.appeared).toHaveLength(findingChangeCount);
    expect(d.findings.appearedCount).toBe(findingChangeCount + 3);
    // Largest first.
    expect(d.findings.appeared[0].bytes).toBe(1000 + findingChangeCount + 2);
    expect(d.packages!.added).toHaveLength(packageChangeCount);
    expect(d.packages!.addedCount).toBe(packageChangeCount + 1);
  });

  it('are in the Markdown and the HTML report', () => {
    const report = {
      schemaVersion: reportSchemaVersion,
      id: 'r',
      kind: 'comparison',
      title: 'a → b',
      generatedAt: '2026-03-04T05:06:07Z',
      generator: { name: 'LayerLens', version: '1' },
      images: [],
      comparison: {
        beforeName: 'a',
        afterName: 'b',
        beforeBytes: 10,
        afterBytes: 5,
        reductionBytes: 5,
        reductionMegabytes: 0,
        reductionPercent: 50,
        rows: [],
        differences: d,
      },
    } satisfies SizeReport;
    const md = reportMarkdown(report);
    expect(md).toContain('Generated 4 March 2026, 05:06 UTC by LayerLens 1.');
    expect(md).toContain('| removed | `/opt/random-3mb.bin` | 3.00 MB | 0 B | −3.00 MB |');
    expect(md).toContain('**Disappeared (fixed in the after image) (1)**');
    expect(md).toContain('- APT lists left in `/var/lib/apt/lists` — 107 MB · package-cache');
    expect(md).toContain('3 more not listed.');
    expect(md).toContain(`${packageChangeCount + 1} added · 1 removed · 0 changed version · 7 unchanged (dpkg)`);
    expect(md).toContain('`− gcc-12 12.2.0`');
    const html = reportArticleHtml(report);
    expect(html).toContain('<code>/opt/random-3mb.bin</code>');
    expect(html).toContain('APT lists left in <code>/var/lib/apt/lists</code>');
    expect(html).toContain('− gcc-12 12.2.0');
  });
});
