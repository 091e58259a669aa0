/**
 * Files of the final filesystem with the same content at different paths (regular files, size > 0),
 * grouped by content hash; keeping one copy would save size × (copies − 1).
 */
import type { DuplicateGroup } from '../../shared/analysis';
import { compareCodePoints } from './paths';
import type { MergedFs } from './file-tree';

export interface Duplicates {
  wastedBytes: number;
  /** Largest waste first. */
  groups: DuplicateGroup[];
}

export function findDuplicates(final: MergedFs): Duplicates {
  const byHash = new Map<string, { size: number; paths: string[] }>();
  for (const node of final.nodes.values()) {
    const { entry } = node;
    if (entry.type !== 'file' || entry.size <= 0 || !entry.hash) continue;
    const key = `${entry.hash}:${entry.size}`;
    const group = byHash.get(key);
    if (group) group.paths.push(node.path);
    else byHash.set(key, { size: entry.size, paths: [node.path] });
  }
  const groups: DuplicateGroup[] = [];
  for (const [key, group] of byHash) {
    if (group.paths.length < 2) continue;
    groups.push({
      hash: key.slice(0, key.lastIndexOf(':')),
      sizeBytes: group.size,
      paths: group.paths.sort(compareCodePoints),
      wastedBytes: group.size * (group.paths.length - 1),
    });
  }
  groups.sort((a, b) => b.wastedBytes - a.wastedBytes || compareCodePoints(a.paths[0], b.paths[0]));
  return { wastedBytes: groups.reduce((sum, group) => sum + group.wastedBytes, 0), groups };
}
