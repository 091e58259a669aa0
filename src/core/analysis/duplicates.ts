/**
 * Files of the final filesystem with the same content at different paths (regular files, size > 0),
 * grouped by content hash; keeping one copy would save size × (copies − 1).
 *
 * A million files are grouped without an object or a key string per file: the low halves of their hashes
 * are sorted in a column, only the files whose low half recurs are compared in full, and only the groups
 * of two or more become objects.
 */
import type { DuplicateGroup } from '../../shared/analysis';
import { packedHashText } from '../archive/entry-table';
import { compareCodePoints } from './paths';
import type { MergedFs } from './file-tree';

export interface Duplicates {
  wastedBytes: number;
  /** Largest waste first. */
  groups: DuplicateGroup[];
}

/** The candidates whose hash is 16 hex digits, as columns. */
class PackedCandidates {
  readonly high: number[] = [];
  readonly low: number[] = [];
  readonly size: number[] = [];
  readonly path: string[] = [];

  add(path: string, size: number, [high, low]: [number, number]): void {
    this.high.push(high);
    this.low.push(low);
    this.size.push(size);
    this.path.push(path);
  }

  /** Runs of equal (hash, size), each as the candidates' indexes. */
  *groups(): Generator<number[]> {
    const { high, low, size } = this;
    const order = new Uint32Array(this.path.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const compare = (a: number, b: number) => high[a] - high[b] || low[a] - low[b] || size[a] - size[b];
    order.sort(compare);
    let start = 0;
    for (let i = 1; i <= order.length; i++) {
      if (i < order.length && compare(order[start], order[i]) === 0) continue;
      if (i - start >= 2) yield Array.from(order.subarray(start, i));
      start = i;
    }
  }
}

function group(hash: string, sizeBytes: number, paths: string[]): DuplicateGroup {
  return { hash, sizeBytes, paths: paths.sort(compareCodePoints), wastedBytes: sizeBytes * (paths.length - 1) };
}

/**
 * The low halves of the packed hashes that two or more files share: only those files can be duplicates, so
 * only they are kept as candidates (a sorted column of 4 bytes a file finds them).
 */
function recurringLowHalves(final: MergedFs): Set<number> {
  const lows = new Uint32Array(final.nodes.size);
  let count = 0;
  final.forEachRow((table, row) => {
    const hash = table.type(row) === 'file' && table.size(row) > 0 ? table.packedHash(row) : undefined;
    if (hash) lows[count++] = hash[1];
  });
  const sorted = lows.subarray(0, count).sort();
  const recurring = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) recurring.add(sorted[i]);
  return recurring;
}

export function findDuplicates(final: MergedFs): Duplicates {
  const recurring = recurringLowHalves(final);
  const packed = new PackedCandidates();
  // Any other hash text (older or synthetic indexes): grouped by that text.
  const byText = new Map<string, { size: number; paths: string[] }>();
  final.forEachRow((table, row) => {
    const size = table.size(row);
    if (table.type(row) !== 'file' || size <= 0) return;
    const hash = table.packedHash(row);
    if (hash) {
      if (recurring.has(hash[1])) packed.add(table.path(row), size, hash);
      return;
    }
    const text = table.hash(row);
    if (text === undefined) return;
    const key = `${text}:${size}`;
    const found = byText.get(key);
    if (found) found.paths.push(table.path(row));
    else byText.set(key, { size, paths: [table.path(row)] });
  });
  const groups: DuplicateGroup[] = [];
  for (const members of packed.groups()) {
    const first = members[0];
    const hash = packedHashText(packed.high[first], packed.low[first]);
    groups.push(
      group(
        hash,
        packed.size[first],
        members.map((i) => packed.path[i]),
      ),
    );
  }
  for (const [key, { size, paths }] of byText) if (paths.length >= 2) groups.push(group(key.slice(0, key.lastIndexOf(':')), size, paths));
  groups.sort((a, b) => b.wastedBytes - a.wastedBytes || compareCodePoints(a.paths[0], b.paths[0]));
  return { wastedBytes: groups.reduce((sum, g) => sum + g.wastedBytes, 0), groups };
}
