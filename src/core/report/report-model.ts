/**
 * The report model: pure functions from analyses (and a rebuild result) to the `SizeReport` DTO that every
 * rendering reads. No I/O.
 */
import type { Finding, ImageAnalysis } from '../../shared/analysis';
import type { ImageComparison } from '../../shared/explore';
import {
  percentOf,
  reportSchemaVersion,
  roundTo,
  type ComparisonRow,
  type ReportDifferences,
  type ReportFindingChange,
  type ReportComparison,
  type ReportImageRole,
  type ReportImageSection,
  type ReportRebuild,
  type SizeReport,
  type ReportTreemap,
} from '../../shared/report';

export const topFindingCount = 10;
export const findingFileCount = 5;
export const inefficientFileCount = 20;
export const fileChangeCount = 20;
export const findingChangeCount = 20;
export const packageChangeCount = 50;

export interface SectionInput {
  analysis: ImageAnalysis;
  treemap: ReportTreemap;
  repoDigests?: string[];
  engine?: string;
  created?: string;
}

export function platformOf(analysis: Pick<ImageAnalysis, 'os' | 'architecture' | 'variant'>): string {
  return [analysis.os, analysis.architecture, analysis.variant].filter((p) => p).join('/');
}

export function imageSection(input: SectionInput, role: ReportImageRole): ReportImageSection {
  const { analysis: a } = input;
  const surface = a.attackSurface;
  const fileCount = surface.fileCount;
  return {
    role,
    identity: {
      name: a.name,
      id: a.id,
      repoTags: a.repoTags,
      repoDigests: input.repoDigests ?? [],
      platform: platformOf(a),
      source: a.source,
      ...(input.engine ? { engine: input.engine } : {}),
      ...(input.created ? { created: input.created } : {}),
    },
    sizes: {
      sizeBytes: a.sizeBytes,
      base: { ...(a.base.name ? { name: a.base.name } : {}), how: a.base.how, layerCount: a.base.layerCount, sizeBytes: a.base.sizeBytes },
      ownSizeBytes: a.ownSizeBytes,
      baseSizeBytes: a.sizeBytes - a.userSizeBytes,
      userSizeBytes: a.userSizeBytes,
      layerCount: a.layers.length,
      fileCount,
      efficiency: a.efficiency,
      trueWasteBytes: a.wastedBytes,
      trueWasteRatio: a.sizeBytes > 0 ? a.wastedBytes / a.sizeBytes : 0,
      dive: { ...a.dive },
      potentialSavingBytes: a.potentialSavingBytes,
      duplicateBytes: a.duplicates.wastedBytes,
    },
    layers: a.layers.map((layer) => ({
      index: layer.index,
      instruction: layer.instruction,
      sizeBytes: layer.sizeBytes,
      wastedBytes: layer.wastedBytes,
      fileCount: layer.fileCount,
      digest: layer.digest,
    })),
    treemap: input.treemap,
    findings: [...a.findings]
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, topFindingCount)
      .map((f) => ({
        category: f.category,
        title: f.title,
        bytes: f.bytes,
        layerIndex: f.layerIndex,
        instruction: f.instruction,
        fix: f.fix,
        ...(f.inBase ? { inBase: true } : {}),
        fileCount: f.fileCount,
        files: f.files.slice(0, findingFileCount),
      })),
    findingCount: a.findings.length,
    attackSurface: {
      runsAsRoot: surface.runsAsRoot,
      user: surface.user,
      osPackages: surface.osPackages ? { manager: surface.osPackages.manager, count: surface.osPackages.count } : null,
      shells: surface.shells,
      packageManagers: surface.packageManagers,
      compilers: surface.compilers,
      setuidFiles: surface.setuidFiles,
      setgidFiles: surface.setgidFiles,
      worldWritableDirs: surface.worldWritableDirs,
      fileCount: surface.fileCount,
      executableCount: surface.executableCount,
    },
    inefficientFiles: a.inefficientFiles.slice(0, inefficientFileCount).map((f) => ({
      path: f.path,
      cumulativeBytes: f.cumulativeBytes,
      count: f.layers.length,
    })),
  };
}

export function comparisonOf(before: ReportImageSection, after: ReportImageSection): ReportComparison {
  const row = (label: string, unit: ComparisonRow['unit'], b: number, a: number): ComparisonRow => ({
    label,
    unit,
    before: b,
    after: a,
    delta: a - b,
  });
  const surfaceCount = (s: ReportImageSection) =>
    s.attackSurface.shells.length + s.attackSurface.packageManagers.length + s.attackSurface.compilers.length;
  const reduction = before.sizes.sizeBytes - after.sizes.sizeBytes;
  return {
    beforeName: before.identity.name,
    afterName: after.identity.name,
    beforeBytes: before.sizes.sizeBytes,
    afterBytes: after.sizes.sizeBytes,
    reductionBytes: reduction,
    reductionMegabytes: roundTo(reduction / 1e6, 2),
    reductionPercent: percentOf(reduction, before.sizes.sizeBytes),
    rows: [
      row('Image size', 'bytes', before.sizes.sizeBytes, after.sizes.sizeBytes),
      ...(before.sizes.ownSizeBytes !== null && after.sizes.ownSizeBytes !== null
        ? [
            row('Base image', 'bytes', before.sizes.base.sizeBytes, after.sizes.base.sizeBytes),
            row('Added by the build', 'bytes', before.sizes.ownSizeBytes, after.sizes.ownSizeBytes),
          ]
        : [
            row('First layer (dive)', 'bytes', before.sizes.baseSizeBytes, after.sizes.baseSizeBytes),
            row('After the first layer (dive)', 'bytes', before.sizes.userSizeBytes, after.sizes.userSizeBytes),
          ]),
      row('Layers', 'count', before.sizes.layerCount, after.sizes.layerCount),
      row('Files', 'count', before.sizes.fileCount, after.sizes.fileCount),
      row('Efficiency', 'ratio', before.sizes.efficiency, after.sizes.efficiency),
      row('True waste', 'bytes', before.sizes.trueWasteBytes, after.sizes.trueWasteBytes),
      row('Potential saving', 'bytes', before.sizes.potentialSavingBytes, after.sizes.potentialSavingBytes),
      row('Findings', 'count', before.findingCount, after.findingCount),
      row('OS packages', 'count', before.attackSurface.osPackages?.count ?? 0, after.attackSurface.osPackages?.count ?? 0),
      row('Shells, package managers, compilers', 'count', surfaceCount(before), surfaceCount(after)),
      row('Runs as root', 'count', before.attackSurface.runsAsRoot ? 1 : 0, after.attackSurface.runsAsRoot ? 1 : 0),
    ],
  };
}

/** The Compare page's differences (files, findings, OS packages) as the report holds them, lists cut short. */
export function differencesOf(comparison: Pick<ImageComparison, 'files' | 'fileDiff' | 'findings' | 'packages'>): ReportDifferences {
  const findings = (list: Finding[]): ReportFindingChange[] =>
    [...list]
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, findingChangeCount)
      .map((f) => ({ category: f.category, title: f.title, bytes: f.bytes }));
  const p = comparison.packages;
  return {
    files: {
      ...comparison.files,
      largest: comparison.fileDiff.entries
        .slice(0, fileChangeCount)
        .map((e) => ({ path: e.path, change: e.change, bytesBefore: e.bytesA, bytesAfter: e.bytesB, delta: e.delta })),
    },
    findings: {
      disappeared: findings(comparison.findings.disappeared),
      disappearedCount: comparison.findings.disappeared.length,
      appeared: findings(comparison.findings.appeared),
      appearedCount: comparison.findings.appeared.length,
      persisting: comparison.findings.persisting.length,
    },
    packages: p
      ? {
          manager: p.manager,
          added: p.added.slice(0, packageChangeCount).map((k) => ({ name: k.name, version: k.version })),
          addedCount: p.added.length,
          removed: p.removed.slice(0, packageChangeCount).map((k) => ({ name: k.name, version: k.version })),
          removedCount: p.removed.length,
          changed: p.changed.slice(0, packageChangeCount),
          changedCount: p.changed.length,
          unchanged: p.unchanged,
        }
      : null,
  };
}

export interface ReportInput {
  id: string;
  subjects: SectionInput[];
  rebuild?: ReportRebuild;
  /** For two subjects: the comparison the Compare page shows (explore's), for the files, findings and packages. */
  comparison?: Pick<ImageComparison, 'files' | 'fileDiff' | 'findings' | 'packages'>;
  title?: string;
  generatedAt: Date;
  version: string;
}

export function buildSizeReport(input: ReportInput): SizeReport {
  const compare = input.subjects.length > 1;
  const images = input.subjects.map((s, i) => imageSection(s, compare ? (i === 0 ? 'before' : 'after') : 'image'));
  const title =
    input.title ?? (compare ? `Size report: ${images[0].identity.name} → ${images[1].identity.name}` : `Size report: ${images[0].identity.name}`);
  return {
    schemaVersion: reportSchemaVersion,
    id: input.id,
    kind: compare ? 'comparison' : 'image',
    title,
    generatedAt: input.generatedAt.toISOString(),
    generator: { name: 'LayerLens', version: input.version },
    images,
    ...(compare
      ? { comparison: { ...comparisonOf(images[0], images[1]), ...(input.comparison ? { differences: differencesOf(input.comparison) } : {}) } }
      : {}),
    ...(input.rebuild ? { rebuild: input.rebuild } : {}),
  };
}
