/**
 * What exploring an image needs beyond the analysis DTO, computed once per image in one replay of its
 * layers: each layer's change to every path it touches (and what its deletions removed), which stored
 * copies the final filesystem hides, and which finding each stored copy belongs to.
 */
import type { FileChange, FindingCategory } from '../../shared/analysis';
import type { LayerEntry, LoadedImage } from '../archive/model';
import { visibleCaptures } from '../analysis/captured-view';
import { findDuplicates } from '../analysis/duplicates';
import { layerChanges, MergedFs, type LayerChanges } from '../analysis/file-tree';
import { changesAgainst, countChanges, type ChangeCounts } from '../analysis/file-status';
import { allFindings } from '../analysis/findings/index';
import { layerHistory } from '../analysis/layer-history';
import type { Replay } from '../analysis/replay';
import { hiddenCopy, type HiddenCopy } from '../analysis/true-waste';

/** A path a layer deleted: the entry it hid and the bytes below it. */
export interface RemovedEntry {
  path: string;
  entry: LayerEntry;
  bytes: number;
}

export interface ImageFacts {
  image: LoadedImage;
  imageBytes: number;
  /** Per layer: the change of every path it touches. */
  statuses: Map<string, FileChange>[];
  /** Per layer: what its whiteouts and opaque directories removed. */
  removed: RemovedEntry[][];
  /** The final filesystem. */
  final: MergedFs;
  /** Per layer: the paths whose stored copy the final filesystem does not show. */
  hidden: Set<string>[];
  /** Per layer: the finding category of each stored copy a finding points at. */
  categories: Map<string, FindingCategory>[];
  layerChanges: LayerChanges[];
}

/** Categories that span whole layers paint last, so the specific ones show through. */
const broadCategories: ReadonlySet<FindingCategory> = new Set(['large-base-image']);

export function computeImageFacts(image: LoadedImage): ImageFacts {
  const final = new MergedFs();
  const hiddenCopies: HiddenCopy[] = [];
  const layers: LayerChanges[] = [];
  const counts: ChangeCounts[] = [];
  const statuses: Map<string, FileChange>[] = [];
  const removed: RemovedEntry[][] = [];
  image.layers.forEach((layer, index) => {
    const changes = layerChanges(layer, index);
    const layerStatuses = changesAgainst(final, changes);
    const gone: RemovedEntry[] = [];
    for (const [path, status] of layerStatuses) {
      if (status !== 'removed') continue;
      const node = final.get(path);
      const entry: LayerEntry = node?.entry ?? { path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0 };
      gone.push({ path, entry, bytes: final.subtreeBytes(path) });
    }
    statuses.push(layerStatuses);
    removed.push(gone);
    counts.push(countChanges(layerStatuses));
    final.apply(changes, (event) => hiddenCopies.push(hiddenCopy(event)));
    layers.push(changes);
  });
  const replay: Replay = { layers, counts, hidden: hiddenCopies, final };
  const hidden = image.layers.map(() => new Set<string>());
  for (const copy of hiddenCopies) hidden[copy.layer].add(copy.path);

  const history = layerHistory(image.config, image.layers.length);
  const captures = visibleCaptures(image, final);
  const findings = allFindings({ image, replay, history, captures }, findDuplicates(final));
  const categories = image.layers.map(() => new Map<string, FindingCategory>());
  const ordered = [...findings.filter((f) => !broadCategories.has(f.category)), ...findings.filter((f) => broadCategories.has(f.category))];
  for (const finding of ordered) {
    for (const ref of finding.stored) {
      const layerCategories = categories[ref.layer];
      if (layerCategories && !layerCategories.has(ref.path)) layerCategories.set(ref.path, finding.category);
    }
  }
  const imageBytes = image.layers.reduce((sum, layer) => sum + layer.index.sizeBytes, 0);
  return { image, imageBytes, statuses, removed, final, hidden, categories, layerChanges: layers };
}
