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

/**
 * The stored copies a finding names, read by position: a finding may name a million copies (a layer that
 * deletes a million files), so they are not kept as an object each.
 */
export interface StoredRefs {
  readonly length: number;
  layer(i: number): number;
  path(i: number): string;
  bytes(i: number): number;
  /** The copy's row in its layer's table, or -1 when the finding does not have it. */
  row(i: number): number;
}

/** Refs a finding made as objects (a finding of a few files), read by position. */
export function refList(refs: readonly StoredRef[]): StoredRefs {
  return {
    length: refs.length,
    layer: (i) => refs[i].layer,
    path: (i) => refs[i].path,
    bytes: (i) => refs[i].bytes,
    row: (i) => refs[i].row ?? -1,
  };
}

export interface RawFinding extends Finding {
  stored: StoredRefs;
}

export const topFiles = 10;

export function instructionOf(context: FindingContext, layer: number): string {
  return layer >= 0 ? (context.history[layer]?.instruction ?? '') : '';
}

/** The layer that stores most of the bytes (-1 for none). */
function dominantLayer(refs: StoredRefs): number {
  const perLayer = new Map<number, number>();
  for (let i = 0; i < refs.length; i++) perLayer.set(refs.layer(i), (perLayer.get(refs.layer(i)) ?? 0) + refs.bytes(i));
  let best = -1;
  let bestBytes = -1;
  for (const [layer, bytes] of perLayer) {
    if (bytes > bestBytes || (bytes === bestBytes && layer < best)) [best, bestBytes] = [layer, bytes];
  }
  return best;
}

const largestFirst = (a: StoredRef, b: StoredRef) => b.bytes - a.bytes || compareCodePoints(a.path, b.path);

/** The `count` first refs in `largestFirst` order (ties kept in their order), without sorting them all. */
function largestRefs(refs: StoredRefs, count: number): StoredRef[] {
  const top: StoredRef[] = [];
  for (let i = 0; i < refs.length; i++) {
    // Most refs lose on bytes alone: their path is read only on a tie or a win.
    if (top.length === count && refs.bytes(i) < top[count - 1].bytes) continue;
    const ref = { layer: refs.layer(i), path: refs.path(i), bytes: refs.bytes(i) };
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
  refs: StoredRef[] | StoredRefs,
): RawFinding {
  const stored = Array.isArray(refs) ? refList(refs) : refs;
  const layerIndex = fields.layerIndex ?? dominantLayer(stored);
  let bytes = 0;
  for (let i = 0; i < stored.length; i++) bytes += stored.bytes(i);
  return {
    category: fields.category,
    title: fields.title,
    bytes,
    layerIndex,
    instruction: instructionOf(context, layerIndex),
    files: largestRefs(stored, topFiles).map((ref) => ({ path: ref.path, bytes: ref.bytes })),
    fileCount: stored.length,
    fix: fields.fix,
    stored,
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
