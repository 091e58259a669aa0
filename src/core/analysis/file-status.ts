/**
 * What a layer did to each path, compared with the stack of the layers below it: added, modified
 * (dive's rule: the type, content hash, mode, uid or gid changed; LayerLens also counts a changed link
 * target), removed (a whiteout, or a lower child hidden by an opaque directory), or unmodified (typically
 * a parent directory the tar repeats).
 */
import type { LayerEntry, LoadedImage } from '../archive/model';
import type { FileChange } from '../../shared/analysis';
import { layerChanges, stackLayers, type HideListener, type LayerChanges, type MergedFs } from './file-tree';

/** The change from `lower` (the entry visible below, if any) to `upper`. */
export function entryChange(lower: LayerEntry | undefined, upper: LayerEntry): FileChange {
  if (!lower) return 'added';
  if (lower.type !== upper.type) return 'modified';
  if (lower.mode !== upper.mode || lower.uid !== upper.uid || lower.gid !== upper.gid) return 'modified';
  if (upper.type === 'file' || upper.type === 'other') {
    if (lower.hash !== undefined && upper.hash !== undefined) {
      if (lower.hash !== upper.hash) return 'modified';
    } else if (lower.size !== upper.size) return 'modified';
  }
  if ((upper.type === 'symlink' || upper.type === 'hardlink') && lower.linkTarget !== upper.linkTarget) return 'modified';
  return 'unmodified';
}

/** True when only mode/uid/gid differ: the same content stored again (a chmod/chown in a later layer). */
export function isMetadataOnlyChange(lower: LayerEntry, upper: LayerEntry): boolean {
  return (
    lower.type === 'file' &&
    upper.type === 'file' &&
    lower.hash !== undefined &&
    lower.hash === upper.hash &&
    (lower.mode !== upper.mode || lower.uid !== upper.uid || lower.gid !== upper.gid)
  );
}

/** The change of one entry of a layer against the stack below it (a directory only implied there is unmodified). */
function changeAgainst(below: MergedFs, entry: LayerEntry): FileChange {
  const lower = below.get(entry.path);
  return !lower && entry.type === 'dir' && below.exists(entry.path) ? 'unmodified' : entryChange(lower?.entry, entry);
}

/**
 * The change of every path a layer touches. `below` is the merged filesystem of the layers under it
 * (not yet containing this layer).
 */
export function changesAgainst(below: MergedFs, changes: LayerChanges): Map<string, FileChange> {
  const result = new Map<string, FileChange>();
  // Only opaque directories need it: a set of a million paths is not made for nothing.
  const written = changes.opaques.length > 0 ? new Set(changes.entries.paths()) : new Set<string>();
  for (const dir of changes.opaques) {
    for (const child of below.childrenOf(dir)) if (!written.has(child)) result.set(child, 'removed');
  }
  for (const path of changes.whiteouts) if (below.exists(path)) result.set(path, 'removed');
  for (const entry of changes.entries) result.set(entry.path, changeAgainst(below, entry));
  return result;
}

/**
 * What a layer does to the paths below it, worked out before it is stacked on `below`: the change of each
 * of its rows (a byte per position in `changes.entries.rows`, an index into `fileChanges`), and the paths
 * it removes without writing them again.
 */
export interface LayerChangeCodes {
  rowChange: Uint8Array;
  removed: Set<string>;
}

export function layerChangeCodes(below: MergedFs, changes: LayerChanges): LayerChangeCodes {
  const removed = new Set<string>();
  for (const dir of changes.opaques) for (const child of below.childrenOf(dir)) removed.add(child);
  for (const path of changes.whiteouts) if (below.exists(path)) removed.add(path);
  const { table, rows } = changes.entries;
  const rowChange = new Uint8Array(rows.length);
  rows.forEach((row, k) => (rowChange[k] = fileChanges.indexOf(changeAgainst(below, table.at(row)))));
  // A path the layer also writes has that row's change instead.
  if (removed.size > 0) for (const row of rows) removed.delete(table.path(row));
  return { rowChange, removed };
}

/**
 * Stacks a layer onto `fs` (the layers below it) and counts its changes as `countChanges(changesAgainst(…))`
 * would, without a Map of every path it touches: a row's change is kept in a byte, and counted when the
 * row is the last at its path (a later row of the same layer replaces it, as it would in the Map).
 */
export function applyCounting(fs: MergedFs, changes: LayerChanges, onHide?: HideListener, codes = layerChangeCodes(fs, changes)): ChangeCounts {
  const { table, rows } = changes.entries;
  const start = fs.apply(changes, onHide);
  const counts: ChangeCounts = { added: 0, modified: 0, removed: codes.removed.size };
  const count = (change: FileChange) => {
    if (change !== 'unmodified') counts[change] += 1;
  };
  // A path dropped later in the layer (a file replaced its directory) is counted once, at its last row.
  const dropped = new Set<string>();
  for (let k = rows.length - 1; k >= 0; k--) {
    const path = table.path(rows[k]);
    const ref = fs.refAt(path);
    if (ref === start + rows[k] || (ref === undefined && !dropped.has(path) && dropped.add(path))) count(fileChanges[codes.rowChange[k]]);
  }
  return counts;
}

/** A change as a byte: its index here. */
export const fileChanges: readonly FileChange[] = ['added', 'modified', 'removed', 'unmodified'];

export interface ChangeCounts {
  added: number;
  modified: number;
  removed: number;
}

export function countChanges(statuses: Map<string, FileChange>): ChangeCounts {
  const counts: ChangeCounts = { added: 0, modified: 0, removed: 0 };
  for (const status of statuses.values()) if (status !== 'unmodified') counts[status] += 1;
  return counts;
}

/** The change of every path layer `layerIndex` touches (for the file tree of one layer). */
export function layerFileStatuses(image: LoadedImage, layerIndex: number): Map<string, FileChange> {
  const below = stackLayers(image.layers, layerIndex - 1);
  return changesAgainst(below, layerChanges(image.layers[layerIndex], layerIndex));
}
