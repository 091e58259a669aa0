/**
 * What exploring an image needs beyond the analysis DTO, gathered from the analysis's own replay of its
 * layers: each layer's change to every path it touches (and what its deletions removed), which stored
 * copies the final filesystem hides, and which finding each stored copy belongs to. Per-path facts are
 * bytes indexed by the row of the layer's entry table: a layer of a million files costs a few MB here,
 * not a Map of a million paths.
 */
import { findingCategories, type AnalysisSource, type FindingCategory } from '../../shared/analysis';
import type { LayerEntry, LoadedImage } from '../archive/model';
import { analyzeImage, type AnalysisObserver } from '../analysis/analyze';
import type { LayerChanges, MergedFs } from '../analysis/file-tree';
import { fileChanges } from '../analysis/file-status';
import type { RawFinding } from '../analysis/findings/finding';

/** A path a layer deleted: the entry it hid and the bytes below it. */
export interface RemovedEntry {
  path: string;
  entry: LayerEntry;
  bytes: number;
}

export const unmodifiedCode = fileChanges.indexOf('unmodified');

export interface ImageFacts {
  image: LoadedImage;
  imageBytes: number;
  /** Per layer, per row of its table: the row's change, as an index into `fileChanges`. */
  statuses: Uint8Array[];
  /** Per layer: what its whiteouts and opaque directories removed. */
  removed: RemovedEntry[][];
  /** Per layer, per row: 1 when the final filesystem does not show that stored copy. */
  hidden: Uint8Array[];
  /** Per layer, per row: 1 + the index in `findingCategories` of the finding that points at it; 0 for none. */
  categories: Uint8Array[];
  layerChanges: LayerChanges[];
}

/** A row's category code (see `ImageFacts.categories`) as a category. */
export function categoryOf(code: number): FindingCategory | undefined {
  return code === 0 ? undefined : findingCategories[code - 1];
}

/** Categories that span whole layers paint last, so the specific ones show through. */
const broadCategories: ReadonlySet<FindingCategory> = new Set(['large-base-image']);

/**
 * Per layer, per row: the category code of the finding that points at it (the specific ones first). A ref
 * with its row marks that row; one without marks every row of its path in its layer.
 */
function rowCategories(image: LoadedImage, findings: RawFinding[]): Uint8Array[] {
  const ordered = [...findings.filter((f) => !broadCategories.has(f.category)), ...findings.filter((f) => broadCategories.has(f.category))];
  const codes = image.layers.map((layer) => new Uint8Array(layer.index.entries.length));
  const byPath = image.layers.map(() => new Map<string, number>());
  for (const finding of ordered) {
    const code = findingCategories.indexOf(finding.category) + 1;
    const refs = finding.stored;
    for (let i = 0; i < refs.length; i++) {
      const layer = refs.layer(i);
      const row = refs.row(i);
      if (!codes[layer]) continue;
      if (row >= 0) {
        if (codes[layer][row] === 0) codes[layer][row] = code;
      } else if (!byPath[layer].has(refs.path(i))) byPath[layer].set(refs.path(i), code);
    }
  }
  image.layers.forEach((layer, index) => {
    const paths = byPath[index];
    if (paths.size === 0) return;
    const table = layer.index.entries;
    for (let row = 0; row < table.length; row++) if (codes[index][row] === 0) codes[index][row] = paths.get(table.path(row)) ?? 0;
  });
  return codes;
}

/**
 * Gathers an image's facts while it is analysed (the explorer needs no replay of its own): `done` gets them
 * with the final filesystem of the analysis's replay.
 */
export function factsCollector(image: LoadedImage, done: (facts: ImageFacts, final: MergedFs) => void): AnalysisObserver {
  const statuses: Uint8Array[] = [];
  const hidden = image.layers.map((layer) => new Uint8Array(layer.index.entries.length));
  const removed: RemovedEntry[][] = [];
  return {
    layer: ({ index, entries: { rows } }, { rowChange, removed: paths }, below) => {
      statuses[index] = new Uint8Array(image.layers[index].index.entries.length).fill(unmodifiedCode);
      rows.forEach((row, k) => (statuses[index][row] = rowChange[k]));
      removed[index] = [...paths].map((path) => {
        const entry: LayerEntry = below.get(path)?.entry ?? { path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0 };
        return { path, entry, bytes: below.subtreeBytes(path) };
      });
    },
    hide: ({ node }) => (hidden[node.layer][node.row] = 1),
    analysed: (replay, findings) => {
      const imageBytes = image.layers.reduce((sum, layer) => sum + layer.index.sizeBytes, 0);
      const categories = rowCategories(image, findings);
      done({ image, imageBytes, statuses, removed, hidden, categories, layerChanges: replay.layers }, replay.final);
    },
  };
}

/** The facts of an image not analysed in this process (brought back from the layer cache): analysed again. */
export function computeImageFacts(image: LoadedImage): { facts: ImageFacts; final: MergedFs } {
  let result: { facts: ImageFacts; final: MergedFs } | undefined;
  const source: AnalysisSource = { kind: 'archive', ref: image.source };
  analyzeImage(
    image,
    source,
    { layersRead: 0, layersFromCache: image.layers.length },
    undefined,
    factsCollector(image, (facts, final) => (result = { facts, final })),
  );
  return result!;
}
