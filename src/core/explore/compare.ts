/**
 * Two analysed images side by side: the file-level diff of their final filesystems, the OS package diff,
 * the attack-surface diff and the findings that appeared or disappeared. Pure functions over sessions and
 * analysis DTOs.
 */
import type { AttackSurface, Finding, ImageAnalysis } from '../../shared/analysis';
import type { FileDiffEntry, FileDiffOptions, FileDiffPage, FileDiffSummary, ImageComparison, PackageDiff, SetDiff } from '../../shared/explore';
import type { EntryTable } from '../archive/entry-table';
import type { LayerEntry } from '../archive/model';
import { compareCodePoints } from '../analysis/paths';
import { pathMatcher } from './path-match';

export const defaultDiffLimit = 200;
export const maxDiffLimit = 5000;

function contentChanged(a: LayerEntry, b: LayerEntry): boolean {
  if (a.type !== b.type) return true;
  if (a.type === 'symlink' || a.type === 'hardlink') return a.linkTarget !== b.linkTarget;
  if (a.hash !== undefined && b.hash !== undefined) return a.hash !== b.hash;
  return a.size !== b.size;
}

/** A final filesystem as the diff reads it (the merged filesystem of a replay, or an explorer's final view). */
export interface VisibleFiles {
  /** Every visible entry, as its layer's table and row (its path is `table.path(row)`). */
  forEachRow(visit: (table: EntryTable, row: number, layer: number) => void): void;
  get(path: string): { entry: LayerEntry } | undefined;
}

/** Every non-directory path whose content differs, largest |delta| first. */
export function diffFilesystems(a: VisibleFiles, b: VisibleFiles): FileDiffEntry[] {
  const entries: FileDiffEntry[] = [];
  a.forEachRow((table, row) => {
    if (table.type(row) === 'dir') return;
    const path = table.path(row);
    const entryA = table.at(row);
    const entryB = b.get(path)?.entry;
    if (!entryB || entryB.type === 'dir') {
      entries.push({ path, change: 'removed', kind: entryA.type, bytesA: entryA.size, bytesB: 0, delta: -entryA.size });
    } else if (contentChanged(entryA, entryB)) {
      const delta = entryB.size - entryA.size;
      entries.push({ path, change: 'changed', kind: entryB.type, bytesA: entryA.size, bytesB: entryB.size, delta });
    }
  });
  b.forEachRow((table, row) => {
    if (table.type(row) === 'dir') return;
    const path = table.path(row);
    const entryA = a.get(path)?.entry;
    if (!entryA || entryA.type === 'dir') {
      const size = table.size(row);
      entries.push({ path, change: 'added', kind: table.type(row), bytesA: 0, bytesB: size, delta: size });
    }
  });
  return entries.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || compareCodePoints(x.path, y.path));
}

export function summarizeDiff(entries: FileDiffEntry[]): FileDiffSummary {
  const summary: FileDiffSummary = { added: 0, removed: 0, changed: 0, addedBytes: 0, removedBytes: 0, changedBytes: 0 };
  for (const entry of entries) {
    if (entry.change === 'added') {
      summary.added += 1;
      summary.addedBytes += entry.bytesB;
    } else if (entry.change === 'removed') {
      summary.removed += 1;
      summary.removedBytes += entry.bytesA;
    } else {
      summary.changed += 1;
      summary.changedBytes += entry.delta;
    }
  }
  return summary;
}

export function pageOfDiff(entries: FileDiffEntry[], options: FileDiffOptions = {}): FileDiffPage {
  const change = options.change ?? 'all';
  const matches = pathMatcher(typeof options.filter === 'string' ? options.filter : '');
  const filtered = entries.filter((entry) => (change === 'all' || entry.change === change) && matches(entry.path));
  const offset = Math.max(0, Math.floor(Number(options.offset) || 0));
  const limit = Math.min(maxDiffLimit, Math.max(1, Math.floor(Number(options.limit) || defaultDiffLimit)));
  return { entries: filtered.slice(offset, offset + limit), total: filtered.length, offset };
}

export function diffPackages(a: AttackSurface, b: AttackSurface): PackageDiff | null {
  if (!a.osPackages && !b.osPackages) return null;
  const before = new Map((a.osPackages?.packages ?? []).map((pkg) => [pkg.name, pkg.version]));
  const after = new Map((b.osPackages?.packages ?? []).map((pkg) => [pkg.name, pkg.version]));
  const diff: PackageDiff = {
    manager: b.osPackages?.manager ?? a.osPackages?.manager ?? '',
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
  };
  for (const [name, version] of after) {
    const old = before.get(name);
    if (old === undefined) diff.added.push({ name, version });
    else if (old !== version) diff.changed.push({ name, from: old, to: version });
    else diff.unchanged += 1;
  }
  for (const [name, version] of before) if (!after.has(name)) diff.removed.push({ name, version });
  const byName = (x: { name: string }, y: { name: string }) => compareCodePoints(x.name, y.name);
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  return diff;
}

function setDiff(label: string, a: string[], b: string[]): SetDiff {
  const setA = new Set(a);
  const setB = new Set(b);
  return {
    label,
    onlyA: a.filter((item) => !setB.has(item)).sort(compareCodePoints),
    onlyB: b.filter((item) => !setA.has(item)).sort(compareCodePoints),
    common: a.filter((item) => setB.has(item)).length,
  };
}

export function diffAttackSurface(a: AttackSurface, b: AttackSurface): ImageComparison['attackSurface'] {
  return {
    runsAsRoot: [a.runsAsRoot, b.runsAsRoot],
    user: [a.user, b.user],
    sets: [
      setDiff('Shells', a.shells, b.shells),
      setDiff('Package managers', a.packageManagers, b.packageManagers),
      setDiff('Compilers', a.compilers, b.compilers),
      setDiff('Setuid files', a.setuidFiles, b.setuidFiles),
      setDiff('Setgid files', a.setgidFiles, b.setgidFiles),
      setDiff('World-writable directories', a.worldWritableDirs, b.worldWritableDirs),
    ],
  };
}

/** Findings are the same finding when category and title agree once numbers (sizes, layer indexes) are masked. */
export function findingKey(finding: Finding): string {
  return `${finding.category}|${finding.title.replace(/\d+(?:[.,]\d+)?/g, '#')}`;
}

export function diffFindings(a: Finding[], b: Finding[]): ImageComparison['findings'] {
  const before = new Map<string, Finding>();
  for (const finding of a) if (!before.has(findingKey(finding))) before.set(findingKey(finding), finding);
  const after = new Map<string, Finding>();
  for (const finding of b) if (!after.has(findingKey(finding))) after.set(findingKey(finding), finding);
  const appeared = b.filter((finding) => !before.has(findingKey(finding)));
  const disappeared = a.filter((finding) => !after.has(findingKey(finding)));
  const persisting = [...after].filter(([key]) => before.has(key)).map(([key, finding]) => ({ a: before.get(key)!, b: finding }));
  return { appeared, disappeared, persisting };
}

export function sharedLayerCount(a: ImageAnalysis, b: ImageAnalysis): number {
  let shared = 0;
  while (shared < a.layers.length && shared < b.layers.length && a.layers[shared].digest === b.layers[shared].digest) shared += 1;
  return shared;
}

export function compareAnalyses(a: ImageAnalysis, b: ImageAnalysis, fileDiff: FileDiffEntry[]): ImageComparison {
  return {
    a,
    b,
    deltaBytes: b.sizeBytes - a.sizeBytes,
    sharedLayers: sharedLayerCount(a, b),
    files: summarizeDiff(fileDiff),
    fileDiff: pageOfDiff(fileDiff),
    packages: diffPackages(a.attackSurface, b.attackSurface),
    attackSurface: diffAttackSurface(a.attackSurface, b.attackSurface),
    findings: diffFindings(a.findings, b.findings),
  };
}
