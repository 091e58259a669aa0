/**
 * One pass over the layers, bottom to top: the change of every path against the stack below, the copies
 * that later layers hide, and the final filesystem. Every other analysis reads this.
 */
import type { LoadedImage } from '../archive/model';
import { layerChanges, MergedFs, type HideEvent, type LayerChanges } from './file-tree';
import { applyCounting, layerChangeCodes, type ChangeCounts, type LayerChangeCodes } from './file-status';
import { HiddenCopies } from './true-waste';

export interface Replay {
  layers: LayerChanges[];
  counts: ChangeCounts[];
  hidden: HiddenCopies;
  final: MergedFs;
}

/** What a pass over the layers can watch besides what it returns (the explorer keeps per-row facts). */
export interface ReplayObserver {
  /** Before a layer is stacked on `below`: what it does there. */
  layer?(changes: LayerChanges, codes: LayerChangeCodes, below: MergedFs): void;
  /** A stored copy hidden by a layer. */
  hide?(event: HideEvent): void;
}

export function replayImage(image: LoadedImage, observer: ReplayObserver = {}): Replay {
  const final = new MergedFs();
  const hidden = new HiddenCopies((layer) => image.layers[layer].index.entries);
  const layers: LayerChanges[] = [];
  const counts: ChangeCounts[] = [];
  image.layers.forEach((layer, index) => {
    const changes = layerChanges(layer, index);
    const codes = layerChangeCodes(final, changes);
    observer.layer?.(changes, codes, final);
    const onHide = (event: HideEvent) => {
      hidden.push(event);
      observer.hide?.(event);
    };
    counts.push(applyCounting(final, changes, onHide, codes));
    layers.push(changes);
  });
  return { layers, counts, hidden, final };
}
