/** What every finding module shares: its input (the replayed image) and how a finding is assembled. */
import type { LoadedImage } from '../../archive/model';
import type { Finding, FindingCategory } from '../../../shared/analysis';
import type { LayerHistory } from '../layer-history';
import type { Replay } from '../replay';
import { compareCodePoints } from '../paths';

export interface FindingContext {
  image: LoadedImage;
  replay: Replay;
  history: LayerHistory[];
  /** Captured contents visible in the final filesystem. */
  captures: Map<string, string>;
}

/** One stored copy a fix would remove: bytes in `layer` at `path`. Used to total savings without double counting. */
export interface StoredRef {
  layer: number;
  path: string;
  bytes: number;
  /** The copy's row in its layer's table, when the finding has it (the explorer marks it without a lookup). */
  row?: number;
}

export interface RawFinding extends Finding {
  stored: StoredRef[];
}

export const topFiles = 10;

export function instructionOf(context: FindingContext, layer: number): string {
  return layer >= 0 ? (context.history[layer]?.instruction ?? '') : '';
}

/** The layer that stores most of the bytes (-1 for none). */
export function dominantLayer(refs: StoredRef[]): number {
  const perLayer = new Map<number, number>();
  for (const ref of refs) perLayer.set(ref.layer, (perLayer.get(ref.layer) ?? 0) + ref.bytes);
  let best = -1;
  let bestBytes = -1;
  for (const [layer, bytes] of perLayer) {
    if (bytes > bestBytes || (bytes === bestBytes && layer < best)) [best, bestBytes] = [layer, bytes];
  }
  return best;
}

const largestFirst = (a: StoredRef, b: StoredRef) => b.bytes - a.bytes || compareCodePoints(a.path, b.path);

/** The `count` first refs in `largestFirst` order (ties kept in their order), without sorting them all. */
function largestRefs(refs: StoredRef[], count: number): StoredRef[] {
  const top: StoredRef[] = [];
  for (const ref of refs) {
    if (top.length === count && largestFirst(ref, top[count - 1]) >= 0) continue;
    let at = top.length;
    while (at > 0 && largestFirst(ref, top[at - 1]) < 0) at--;
    top.splice(at, 0, ref);
    if (top.length > count) top.pop();
  }
  return top;
}

export function makeFinding(
  context: FindingContext,
  fields: { category: FindingCategory; title: string; fix: string; layerIndex?: number },
  refs: StoredRef[],
): RawFinding {
  const layerIndex = fields.layerIndex ?? dominantLayer(refs);
  return {
    category: fields.category,
    title: fields.title,
    bytes: refs.reduce((sum, ref) => sum + ref.bytes, 0),
    layerIndex,
    instruction: instructionOf(context, layerIndex),
    files: largestRefs(refs, topFiles).map((ref) => ({ path: ref.path, bytes: ref.bytes })),
    fileCount: refs.length,
    fix: fields.fix,
    stored: refs,
  };
}

/** The final filesystem's non-directory entries at and below `dir`, as stored refs. */
export function finalFilesUnder(context: FindingContext, dir: string): StoredRef[] {
  const refs: StoredRef[] = [];
  for (const node of context.replay.final.subtree(dir)) {
    if (node.entry.type !== 'dir') refs.push({ layer: node.layer, path: node.path, bytes: node.entry.size, row: node.row });
  }
  return refs;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
