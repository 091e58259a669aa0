/**
 * dive's filters of the file tree: show added, modified, removed and unchanged entries, each on or off.
 * The core can leave out unchanged entries (and the folders with no change below); the rest is filtered
 * here, entry by entry. A folder stays while something below it changed, whatever kind that is.
 */
import type { FileChange } from '../../../../../shared/analysis';
import type { TreeEntry } from '../../../../../shared/explore';

export type ShownKinds = Record<FileChange, boolean>;

export const everyKind: ShownKinds = { added: true, modified: true, removed: true, unmodified: true };

export function isFolder(entry: Pick<TreeEntry, 'kind' | 'childCount'>): boolean {
  return entry.kind === 'dir' && entry.childCount > 0;
}

export function entryShown(entry: Pick<TreeEntry, 'kind' | 'childCount' | 'status' | 'changedCount'>, shown: ShownKinds): boolean {
  if (isFolder(entry)) return shown.unmodified || entry.changedCount > 0;
  return shown[entry.status];
}

export function showsEverything(shown: ShownKinds): boolean {
  return Object.values(shown).every(Boolean);
}
