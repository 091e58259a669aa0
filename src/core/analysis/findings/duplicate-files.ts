/** Identical files at different paths of the final filesystem. */
import type { Duplicates } from '../duplicates';
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { makeFinding, plural } from './finding';

export function duplicateFileFindings(context: FindingContext, duplicates: Duplicates): RawFinding[] {
  if (duplicates.groups.length === 0) return [];
  const { final } = context.replay;
  const refs: StoredRef[] = [];
  for (const group of duplicates.groups) {
    // Keep the copy in the lowest layer (then the first path); the others are what a fix removes.
    const copies = group.paths.map((path) => {
      const node = final.get(path);
      return { path, layer: node?.layer ?? -1, row: node?.row };
    });
    copies.sort((a, b) => a.layer - b.layer);
    for (const copy of copies.slice(1)) refs.push({ layer: copy.layer, path: copy.path, bytes: group.sizeBytes, row: copy.row });
  }
  return [
    makeFinding(
      context,
      {
        category: 'duplicate-files',
        title: `${plural(refs.length, 'duplicate file')} in ${plural(duplicates.groups.length, 'group')} of identical content`,
        fix: 'Keep one copy: replace the others with symlinks or hardlinks (created in the same RUN), or stop copying the same file to several places.',
        layerIndex: -1,
      },
      refs,
    ),
  ];
}
