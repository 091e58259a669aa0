/**
 * The size report: one model, built in core from one `ImageAnalysis` (or two for a before/after comparison,
 * plus the rebuild result when there is one), rendered by ONE React view (app, PDF) and by core as
 * Markdown, single-file HTML and JSON. The JSON rendering is this model as it is (docs/report-schema.md).
 * Sizes are bytes; ratios are 0..1; `…Percent` fields are 0..100.
 */
import { analysisSourceKindInfo, type AnalysisSource, type AttackSurface, type FindingCategory, type FindingFile } from './analysis';
import { formatBytes, formatPercent } from './format';
import type { FileDiffSummary } from './explore';
import type { OptimizePlan, RebuildResult } from './rebuild';

export const reportSchemaVersion = 1;

/**
 * Every report format: MIME type, file extensions (the first is the one written), label and a line of
 * help. The CLI's flags and extension guessing, the save dialog's filters and the UI's menu all read this
 * table, so a new format is one entry here plus its renderer in core/report/render.ts.
 */
export const reportFormatInfo = {
  pdf: { mimeType: 'application/pdf', extensions: ['pdf'], label: 'PDF', help: 'a PDF (printed by headless Chromium)' },
  md: { mimeType: 'text/markdown; charset=utf-8', extensions: ['md', 'markdown'], label: 'Markdown', help: 'Markdown' },
  html: { mimeType: 'text/html; charset=utf-8', extensions: ['html', 'htm'], label: 'HTML (one file)', help: 'one self-contained HTML file' },
  json: { mimeType: 'application/json', extensions: ['json'], label: 'JSON', help: 'the report model as JSON (schema in docs/report-schema.md)' },
} as const satisfies Record<string, { mimeType: string; extensions: readonly string[]; label: string; help: string }>;

export type ReportFormat = keyof typeof reportFormatInfo;
export const reportFormats = Object.keys(reportFormatInfo) as ReportFormat[];

/** The format a file name's extension names, if any. */
export function reportFormatOfFile(fileName: string): ReportFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return reportFormats.find((format) => (reportFormatInfo[format].extensions as readonly string[]).includes(extension ?? ''));
}

export const paperSizes = ['a4', 'letter'] as const;
export type PaperSize = (typeof paperSizes)[number];

export interface ReportIdentity {
  /** First repo tag, else the short id. */
  name: string;
  /** The config digest (image ID). */
  id: string;
  repoTags: string[];
  /** Registry digests ("repo@sha256:…"), when the engine knows them. */
  repoDigests: string[];
  /** "linux/amd64", "linux/arm64/v8". */
  platform: string;
  source: AnalysisSource;
  /** The engine that held the image ("Docker Engine - Community 27.1.1"), for engine sources. */
  engine?: string;
  /** When the image was built (ISO), when the config says. */
  created?: string;
}

export interface ReportSizes {
  /** Σ layer sizes as dive counts them. */
  sizeBytes: number;
  /** The image it was built on, as the analysis found it (how: local-image, label or unknown). */
  base: { name?: string; how: 'local-image' | 'label' | 'unknown'; layerCount: number; sizeBytes: number };
  /** Σ layers the build added on top of its base; null when the base is not known. */
  ownSizeBytes: number | null;
  /** The first layer (dive's notion of the base). */
  baseSizeBytes: number;
  /** Σ layers after the first (dive's "user size"). */
  userSizeBytes: number;
  layerCount: number;
  /** Files, links and directories of the final filesystem. */
  fileCount: number;
  /** dive's efficiency score (0..1). */
  efficiency: number;
  /** True waste: bytes stored but invisible in the final filesystem, each counted once. */
  trueWasteBytes: number;
  /** trueWasteBytes / sizeBytes (0..1). */
  trueWasteRatio: number;
  dive: { efficiency: number; wastedBytes: number; userWastedPercent: number };
  /** What applying every fix would save, without counting a byte twice. */
  potentialSavingBytes: number;
  /** Bytes that keeping one copy of each identical file would save. */
  duplicateBytes: number;
}

export interface ReportLayer {
  index: number;
  instruction: string;
  sizeBytes: number;
  wastedBytes: number;
  fileCount: number;
  digest: string;
}

export interface ReportFinding {
  category: FindingCategory;
  title: string;
  bytes: number;
  /** -1 when it spans the image. */
  layerIndex: number;
  instruction: string;
  fix: string;
  /** In a layer of the base image, not of the user's build. */
  inBase?: boolean;
  fileCount: number;
  /** The largest files involved (at most 5). */
  files: FindingFile[];
}

/** The attack surface as a report shows it: the analysis's, with the package count but not the list. */
export type ReportAttackSurface = Omit<AttackSurface, 'osPackages' | 'worldWritableStickyDirs'> & {
  osPackages: { manager: 'dpkg' | 'apk'; count: number } | null;
};

export interface ReportInefficientFile {
  path: string;
  cumulativeBytes: number;
  count: number;
}

/** A box of the treemap, in the treemap's own coordinates (its viewBox). */
interface ReportTreemapBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The path it stands for; for an aggregate, the directory whose remaining entries it holds. */
  path: string;
  /** What to write inside it, or "" when it is too small for text. */
  label: string;
  bytes: number;
}

/** One rectangle of the treemap. */
export interface ReportTreemapRect extends ReportTreemapBox {
  fileCount: number;
  /** "file" or "dir" (a directory not expanded further), or "rest" (the small entries of a directory). */
  kind: 'file' | 'dir' | 'rest';
  fill: string;
}

/** A top-level directory's frame, with its header label. */
export interface ReportTreemapGroup extends ReportTreemapBox {
  stroke: string;
}

/** A static picture of the final filesystem: laid out once in core, drawn identically everywhere. */
export interface ReportTreemap {
  width: number;
  height: number;
  totalBytes: number;
  fileCount: number;
  rects: ReportTreemapRect[];
  groups: ReportTreemapGroup[];
}

export type ReportImageRole = 'image' | 'before' | 'after';

export interface ReportImageSection {
  role: ReportImageRole;
  identity: ReportIdentity;
  sizes: ReportSizes;
  layers: ReportLayer[];
  treemap: ReportTreemap;
  /** The top findings (largest bytes first) with their fixes. */
  findings: ReportFinding[];
  /** All findings of the analysis (the list above is cut at 10). */
  findingCount: number;
  attackSurface: ReportAttackSurface;
  /** dive's inefficient paths, largest first (at most 20). */
  inefficientFiles: ReportInefficientFile[];
}

export interface ComparisonRow {
  label: string;
  unit: 'bytes' | 'ratio' | 'count';
  before: number;
  after: number;
  /** after - before. */
  delta: number;
}

export interface ReportComparison {
  beforeName: string;
  afterName: string;
  beforeBytes: number;
  afterBytes: number;
  /** before - after (negative when the after image is bigger). */
  reductionBytes: number;
  /** reductionBytes in decimal megabytes, rounded to 2 decimals. */
  reductionMegabytes: number;
  /** reductionBytes / beforeBytes × 100, rounded to 1 decimal. */
  reductionPercent: number;
  rows: ComparisonRow[];
  /** What the Compare page shows beside the figures: files, findings and OS packages that differ. */
  differences?: ReportDifferences;
}

/** A file that differs between the two final filesystems (before -> after). */
export interface ReportFileChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  bytesBefore: number;
  bytesAfter: number;
  /** bytesAfter - bytesBefore. */
  delta: number;
}

/** A finding of one image only, said as the image's section says it. */
export interface ReportFindingChange {
  category: FindingCategory;
  title: string;
  bytes: number;
}

export interface ReportDifferences {
  /** The counts and bytes of the Compare page, and the largest changes by |delta| (at most 20). */
  files: FileDiffSummary & { largest: ReportFileChange[] };
  findings: {
    /** Fixed: in the before image only (largest first, at most 20). */
    disappeared: ReportFindingChange[];
    disappearedCount: number;
    /** New: in the after image only (largest first, at most 20). */
    appeared: ReportFindingChange[];
    appearedCount: number;
    /** In both images. */
    persisting: number;
  };
  /** Null when neither image has a package database. */
  packages: {
    manager: string;
    /** Each list at most 50 long; the counts are the whole. */
    added: { name: string; version: string }[];
    addedCount: number;
    removed: { name: string; version: string }[];
    removedCount: number;
    changed: { name: string; from: string; to: string }[];
    changedCount: number;
    unchanged: number;
  } | null;
}

export interface ReportBuiltImage {
  image: string;
  id: string;
  sizeBytes: number;
  /** False when an existing image was reused. */
  built: boolean;
}

/** The rebuild the report follows: both images, the verification and the generated Dockerfile. */
export interface ReportRebuild {
  original: ReportBuiltImage;
  lean: ReportBuiltImage;
  savedBytes: number;
  /** savedBytes / original × 100, rounded to 1 decimal. */
  reductionPercent: number;
  /** What was chosen and why, in a paragraph. */
  summary?: string;
  verification?: {
    passed: boolean;
    /** What the verification saw, in a sentence. */
    summary?: string;
    mode: 'http' | 'healthcheck' | 'command';
    checks: { name: string; passed: boolean; original: string; lean: string }[];
  };
  dockerfile?: {
    /** The original Dockerfile's name in its context ("Dockerfile"). */
    name: string;
    original: string;
    proposed: string;
    /** Unified diff original -> proposed. */
    diff: string;
    changes: { title: string; reason: string }[];
  };
}

export interface SizeReport {
  schemaVersion: typeof reportSchemaVersion;
  /** Where the report lives in the core that built it (the report view's route: `#/report/<id>`). */
  id: string;
  kind: 'image' | 'comparison';
  title: string;
  generatedAt: string;
  generator: { name: string; version: string };
  /** One image, or two for a comparison (before, then after). */
  images: ReportImageSection[];
  comparison?: ReportComparison;
  rebuild?: ReportRebuild;
}

export interface BuildReportOptions {
  /** The image after the change (e.g. the lean image): `source` is then the "before". */
  compareWith?: AnalysisSource;
  /** The rebuild result the report follows, as the report section. */
  rebuild?: ReportRebuild;
  /** "linux/amd64", … for multi-platform archives. */
  platform?: string;
  title?: string;
  operationId?: string;
}

export interface RenderReportOptions {
  format: ReportFormat;
  /** PDF paper; default A4. */
  paper?: PaperSize;
  operationId?: string;
}

/** A rendered report for a browser download. */
export interface RenderedReport {
  fileName: string;
  mimeType: string;
  /** base64 for PDF, utf8 for the text formats. */
  encoding: 'utf8' | 'base64';
  content: string;
  bytes: number;
}

export type ExportReportResult = { saved: true; path: string; bytes: number } | { saved: false };

export interface ReportApi {
  /** Analyse the image (and the one to compare with) and build the report; kept in core under `report.id`. */
  buildReport(source: AnalysisSource, options?: BuildReportOptions): Promise<SizeReport>;
  /** A report built earlier (the report view loads it by the id in its route). */
  getReport(reportId: string): Promise<SizeReport>;
  /** The report as a file's content, for a download (the browser front door). */
  renderReport(reportId: string, options: RenderReportOptions): Promise<RenderedReport>;
  /** Asks where to save (the desktop app's save dialog) and writes the file there. */
  exportReport(reportId: string, options: RenderReportOptions): Promise<ExportReportResult>;
}

export const reportMethods = ['buildReport', 'getReport', 'renderReport', 'exportReport'] as const satisfies readonly (keyof ReportApi)[];

/** "layerlens-report-node-18.pdf", "layerlens-compare-app-1.0-vs-app-1.0-lean.md". */
export function reportFileName(report: Pick<SizeReport, 'kind' | 'images'>, format: ReportFormat): string {
  const slug = (name: string) =>
    name
      .replace(/^sha256:/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'image';
  const names = report.images.map((image) => slug(image.identity.name));
  const base = report.kind === 'comparison' ? `layerlens-compare-${names.join('-vs-')}` : `layerlens-report-${names[0]}`;
  return `${base}.${reportFormatInfo[format].extensions[0]}`;
}

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (reportFormats as readonly string[]).includes(value);
}

export function isPaperSize(value: unknown): value is PaperSize {
  return typeof value === 'string' && (paperSizes as readonly string[]).includes(value);
}

/** Geometry of the layer bar chart: one bar per layer, heights relative to the largest layer. */
export interface LayerBar {
  index: number;
  x: number;
  y: number;
  w: number;
  h: number;
  wasteH: number;
}

export const layerChart = { width: 1000, height: 160, top: 8, bottom: 18 } as const;

export function layerBars(layers: Pick<ReportLayer, 'index' | 'sizeBytes' | 'wastedBytes'>[]): LayerBar[] {
  const max = Math.max(1, ...layers.map((l) => l.sizeBytes));
  const slot = layerChart.width / Math.max(1, layers.length);
  const w = Math.max(1, Math.min(60, slot * 0.7));
  const usable = layerChart.height - layerChart.top - layerChart.bottom;
  return layers.map((l, i) => {
    const h = l.sizeBytes > 0 ? Math.max(1.5, (l.sizeBytes / max) * usable) : 0;
    const wasteH = l.sizeBytes > 0 ? (Math.min(l.wastedBytes, l.sizeBytes) / l.sizeBytes) * h : 0;
    const r = (n: number) => Math.round(n * 100) / 100;
    return { index: l.index, x: r(i * slot + (slot - w) / 2), y: r(layerChart.top + usable - h), w: r(w), h: r(h), wasteH: r(wasteH) };
  });
}

export const layerBarColors = { size: '#3b82f6', waste: '#ef4444', axis: '#c5cad3', text: '#626b79' } as const;

/**
 * The report's stylesheet, shared by the React report view (app and PDF) and the single-file HTML, so every
 * output looks the same. Light "paper" colours whatever the app theme; print rules give page breaks and
 * page numbers (Chromium's @page margin boxes).
 */
export const reportStyles = `
.rp-doc { --rp-text: #1d2129; --rp-muted: #5d6675; --rp-border: #dde1e7; --rp-soft: #f3f5f8; --rp-accent: #2563eb;
  --rp-ok: #15803d; --rp-bad: #b91c1c; --rp-mono: 'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace;
  color: var(--rp-text); background: #fff; font: 10.5pt/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif;
  max-width: 210mm; margin: 24px auto; padding: 16mm 14mm; box-shadow: 0 1px 4px rgb(16 24 40 / 0.15); color-scheme: light; }
.rp-doc * { box-sizing: border-box; }
.rp-doc h1 { font-size: 19pt; margin: 2px 0 4px; font-weight: 650; overflow-wrap: anywhere; }
.rp-doc h2 { font-size: 14pt; margin: 18px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--rp-text); font-weight: 650; overflow-wrap: anywhere; }
.rp-doc h3 { font-size: 11.5pt; margin: 16px 0 6px; font-weight: 650; }
.rp-brand { color: var(--rp-accent); font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; font-size: 8.5pt; }
.rp-meta, .rp-caption, .rp-muted { color: var(--rp-muted); font-size: 9pt; }
.rp-lead { font-size: 11pt; margin: 4px 0 10px; }
.rp-figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; margin: 8px 0 12px; }
.rp-figure { border: 1px solid var(--rp-border); border-radius: 6px; padding: 8px 10px; background: var(--rp-soft); }
.rp-figure-label { color: var(--rp-muted); font-size: 8.5pt; }
.rp-figure-value { font-size: 15pt; font-weight: 650; font-variant-numeric: tabular-nums; }
.rp-figure-note { color: var(--rp-muted); font-size: 8.5pt; }
.rp-good { color: var(--rp-ok); }
.rp-bad { color: var(--rp-bad); }
.rp-two { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.rp-table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 4px 0 8px; }
.rp-table th, .rp-table td { border-bottom: 1px solid var(--rp-border); padding: 3px 6px; text-align: left; vertical-align: top; }
.rp-table th { background: var(--rp-soft); font-weight: 600; }
.rp-table td.rp-num, .rp-table th.rp-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rp-table tr { break-inside: avoid; }
.rp-kv th { width: 42%; background: none; color: var(--rp-muted); font-weight: 500; }
.rp-kv td { overflow-wrap: anywhere; }
.rp-code, .rp-table code, .rp-finding code { font-family: var(--rp-mono); font-size: 8.5pt; overflow-wrap: anywhere; }
.rp-instruction { font-family: var(--rp-mono); font-size: 8pt; overflow-wrap: anywhere; white-space: pre-wrap; }
.rp-chart { border: 1px solid var(--rp-border); border-radius: 6px; padding: 6px; break-inside: avoid; }
.rp-chart svg { display: block; width: 100%; height: auto; }
.rp-legend { display: flex; gap: 14px; font-size: 8.5pt; color: var(--rp-muted); margin-top: 4px; }
.rp-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.rp-findings { margin: 0; padding-left: 20px; }
.rp-finding { margin: 0 0 8px; break-inside: avoid; }
.rp-finding-title { font-weight: 600; }
.rp-finding-bytes { font-weight: 650; color: var(--rp-bad); white-space: nowrap; }
.rp-finding-where { color: var(--rp-muted); font-size: 9pt; }
.rp-fix { margin-top: 2px; padding: 4px 8px; border-left: 3px solid var(--rp-ok); background: #f0faf3; font-size: 9.5pt; }
.rp-files { font-size: 8.5pt; color: var(--rp-muted); margin-top: 2px; overflow-wrap: anywhere; }
.rp-pre { font-family: var(--rp-mono); font-size: 8pt; line-height: 1.35; white-space: pre-wrap; overflow-wrap: anywhere;
  border: 1px solid var(--rp-border); border-radius: 6px; padding: 6px 8px; background: var(--rp-soft); margin: 4px 0 10px; }
.rp-diff-add { background: #e6f6ea; display: block; }
.rp-diff-del { background: #fdecec; display: block; }
.rp-diff-hunk { color: var(--rp-accent); display: block; }
.rp-pass { color: var(--rp-ok); font-weight: 650; }
.rp-fail { color: var(--rp-bad); font-weight: 650; }
.rp-footer { margin-top: 18px; padding-top: 6px; border-top: 1px solid var(--rp-border); color: var(--rp-muted); font-size: 8.5pt; }
.rp-image + .rp-image { break-before: page; }
.rp-doc h2, .rp-doc h3 { break-after: avoid; }
.rp-figures, .rp-two { break-inside: avoid; }
@media print {
  html, body { background: #fff !important; }
  .rp-doc { margin: 0; padding: 0; max-width: none; box-shadow: none; }
  .rp-no-print { display: none !important; }
}
@page { margin: 14mm 12mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt system-ui, 'DejaVu Sans', sans-serif; color: #5d6675; }
  @bottom-left { content: "LayerLens size report"; font: 8.5pt system-ui, 'DejaVu Sans', sans-serif; color: #5d6675; }
}
`;

/** The paper size rule for print (Chromium takes the page size from CSS when asked to). */
export function reportPageStyle(paper: PaperSize): string {
  return `@page { size: ${paper === 'letter' ? 'letter' : 'A4'}; }`;
}

/** Splits a unified diff into lines with their kind, for colouring. */
export function diffLines(diff: string): { kind: 'add' | 'del' | 'hunk' | 'context'; text: string }[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((text) => ({
      kind: text.startsWith('@@')
        ? 'hunk'
        : text.startsWith('+') && !text.startsWith('+++')
          ? 'add'
          : text.startsWith('-') && !text.startsWith('---')
            ? 'del'
            : 'context',
      text,
    }));
}

// Words and figures shared by the React view, the HTML and the Markdown renderings.

export function sourceText(source: AnalysisSource): string {
  return `${analysisSourceKindInfo[source.kind].label} ${source.ref}`;
}

export function roleTitle(section: ReportImageSection): string {
  if (section.role === 'before') return `Before: ${section.identity.name}`;
  if (section.role === 'after') return `After: ${section.identity.name}`;
  return section.identity.name;
}

export function identityRows(section: ReportImageSection): [string, string][] {
  const id = section.identity;
  const rows: [string, string][] = [
    ['Name', id.name],
    ['Image ID', id.id],
    ['Tags', id.repoTags.join(', ') || '—'],
    ['Digests', id.repoDigests.join(', ') || '—'],
    ['Platform', id.platform || '—'],
    ['Source', sourceText(id.source)],
  ];
  if (id.engine) rows.push(['Engine', id.engine]);
  if (id.created) rows.push(['Built', reportDate(id.created)]);
  return rows;
}

/** Base and build apart when the base is known; otherwise dive's first-layer split, said as such. */
export function baseRows(s: ReportSizes): [string, string][] {
  if (s.base.how === 'local-image' && s.ownSizeBytes !== null) {
    return [
      [`Base image (${s.base.name})`, `${formatBytes(s.base.sizeBytes)} in ${s.base.layerCount} layer${s.base.layerCount === 1 ? '' : 's'}`],
      [
        'Added by your build',
        `${formatBytes(s.ownSizeBytes)} in ${s.layerCount - s.base.layerCount} layer${s.layerCount - s.base.layerCount === 1 ? '' : 's'}`,
      ],
    ];
  }
  return [
    [
      'Base image',
      s.base.how === 'label'
        ? `${s.base.name} (named by the image's label; its layers are not told apart)`
        : 'unknown (no local image shares its first layers)',
    ],
    ['First layer (dive)', formatBytes(s.baseSizeBytes)],
    ['After the first layer (dive)', formatBytes(s.userSizeBytes)],
  ];
}

export function sizeRows(section: ReportImageSection): [string, string][] {
  const s = section.sizes;
  return [
    ['Image size', formatBytes(s.sizeBytes)],
    ...baseRows(s),
    ['Layers', String(s.layerCount)],
    ['Files', String(s.fileCount)],
    ['Efficiency (dive)', formatPercent(s.efficiency)],
    ['True waste', `${formatBytes(s.trueWasteBytes)} (${formatPercent(s.trueWasteRatio)})`],
    ['Wasted bytes (dive)', formatBytes(s.dive.wastedBytes)],
    ['User-wasted percent (dive)', formatPercent(s.dive.userWastedPercent)],
    ['Duplicate files', formatBytes(s.duplicateBytes)],
    ['Potential saving', formatBytes(s.potentialSavingBytes)],
  ];
}

export function comparisonValue(row: ComparisonRow, value: number, signed = false): string {
  const sign = signed && value > 0 ? '+' : '';
  if (row.unit === 'bytes') return signed ? signedBytes(value) : formatBytes(value);
  if (row.unit === 'ratio') return `${sign}${formatPercent(value)}`;
  return `${sign}${value}`;
}

export function reductionText(report: SizeReport): string | undefined {
  const c = report.comparison;
  if (!c) return undefined;
  const verb = c.reductionBytes >= 0 ? 'smaller' : 'bigger';
  return `${c.afterName} is ${formatBytes(Math.abs(c.reductionBytes))} (${Math.abs(c.reductionPercent).toFixed(1)} %) ${verb} than ${c.beforeName}: ${formatBytes(c.beforeBytes)} → ${formatBytes(c.afterBytes)}.`;
}

export function attackSurfaceRows(section: ReportImageSection): [string, string][] {
  const a = section.attackSurface;
  const list = (items: string[]) => (items.length === 0 ? 'none' : items.join(', '));
  return [
    ['Runs as root', a.runsAsRoot ? `yes${a.user ? ` (USER ${a.user})` : ' (no USER set)'}` : `no (USER ${a.user})`],
    ['OS packages', a.osPackages ? `${a.osPackages.count} (${a.osPackages.manager})` : 'none found'],
    ['Shells', list(a.shells)],
    ['Package managers', list(a.packageManagers)],
    ['Compilers', list(a.compilers)],
    ['setuid files', list(a.setuidFiles)],
    ['setgid files', list(a.setgidFiles)],
    ['World-writable dirs (no sticky bit)', list(a.worldWritableDirs)],
    ['Files / executables', `${a.fileCount} / ${a.executableCount}`],
  ];
}

/** A date of the report as people read it, the same wherever the report is opened: "2 January 2026, 03:04 UTC". */
export function reportDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][
    date.getUTCMonth()
  ];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** The line under a report's title. */
export function generatedText(report: Pick<SizeReport, 'generatedAt' | 'generator'>): string {
  return `Generated ${reportDate(report.generatedAt)} by ${report.generator.name} ${report.generator.version}`;
}

/** Where a layer lives: in the base image or added by your build; unknown without a known base. */
export function layerPart(sizes: Pick<ReportSizes, 'base' | 'ownSizeBytes'>, layerIndex: number): string {
  if (sizes.base.how !== 'local-image' || sizes.ownSizeBytes === null) return 'unknown';
  return layerIndex < sizes.base.layerCount ? 'base image' : 'your build';
}

/** The comparison's reduction as a size ("1.04 GB"), signed when the after image is bigger. */
export function reductionFigure(c: Pick<ReportComparison, 'reductionBytes'>): string {
  return formatBytes(c.reductionBytes);
}

/** A file change's "+1.2 MB" / "−300 kB". */
export function signedBytes(delta: number): string {
  return delta === 0 ? '±0 B' : delta > 0 ? `+${formatBytes(delta)}` : `−${formatBytes(-delta)}`;
}

export function packageDiffLine(p: NonNullable<ReportDifferences['packages']>): string {
  return `${p.addedCount} added · ${p.removedCount} removed · ${p.changedCount} changed version · ${p.unchanged} unchanged (${p.manager})`;
}

export function fileDiffLine(f: ReportDifferences['files']): string {
  return `${f.added} added (${formatBytes(f.addedBytes)}) · ${f.removed} removed (${formatBytes(f.removedBytes)}) · ${f.changed} changed (${signedBytes(f.changedBytes)})`;
}

export function layerWhere(layerIndex: number, inBase = false): string {
  return layerIndex < 0 ? 'whole image' : `layer ${layerIndex}${inBase ? ', in the base image' : ''}`;
}

export const roundTo = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** part / whole × 100, rounded to 1 decimal; 0 for an empty whole. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? roundTo((part / whole) * 100, 1) : 0;
}

/** The report section of a rebuild: both images, the verification and the generated Dockerfile; none without a lean image. */
export function rebuildSection(result: RebuildResult, plan?: OptimizePlan): ReportRebuild | undefined {
  if (!result.lean) return undefined;
  const image = (b: RebuildResult['original']) => ({ image: b.image, id: b.id, sizeBytes: b.sizeBytes, built: b.built });
  return {
    original: image(result.original),
    lean: image(result.lean),
    savedBytes: result.savedBytes,
    reductionPercent: percentOf(result.savedBytes, result.original.sizeBytes),
    summary: result.summary,
    ...(result.verify
      ? {
          verification: {
            passed: result.verify.passed,
            summary: result.verify.summary,
            mode: result.verify.mode,
            checks: result.verify.checks.map((c) => ({ name: c.name, passed: c.passed, original: c.original, lean: c.lean })),
          },
        }
      : {}),
    ...(plan?.dockerfile
      ? {
          dockerfile: {
            name: plan.dockerfileName,
            original: plan.original,
            proposed: plan.dockerfile,
            diff: plan.diff,
            changes: plan.changes.map((c) => ({ title: c.title, reason: c.reason })),
          },
        }
      : {}),
  };
}
