/**
 * One pass over the layers, bottom to top: the change of every path against the stack below, the copies
 * that later layers hide, and the final filesystem. Every other analysis reads this.
 */
import type { LoadedImage } from '../archive/model';
import { layerChanges, MergedFs, type LayerChanges } from './file-tree';
import { applyCounting, type ChangeCounts } from './file-status';
import { hiddenCopy, type HiddenCopy } from './true-waste';

export interface Replay {
  layers: LayerChanges[];
  counts: ChangeCounts[];
  hidden: HiddenCopy[];
  final: MergedFs;
}

export function replayImage(image: LoadedImage): Replay {
  const final = new MergedFs();
  const hidden: HiddenCopy[] = [];
  const layers: LayerChanges[] = [];
  const counts: ChangeCounts[] = [];
  image.layers.forEach((layer, index) => {
    const changes = layerChanges(layer, index);
    counts.push(applyCounting(final, changes, (event) => hidden.push(hiddenCopy(event))));
    layers.push(changes);
  });
  return { layers, counts, hidden, final };
}
