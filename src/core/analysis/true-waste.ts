/**
 * True waste: bytes a layer stores at a path the final filesystem does not show, because a later layer
 * overwrote it or deleted it (a whiteout, an opaque directory, a file over a directory). Each stored copy
 * counts once, unlike dive's wasted bytes (dive #684). Visible bytes + true waste = Σ layer sizes.
 */
import type { HideEvent, HideReason } from './file-tree';
import { isMetadataOnlyChange } from './file-status';

export interface HiddenCopy {
  path: string;
  /** The layer that stores the bytes. */
  layer: number;
  bytes: number;
  /** The layer that hid them. */
  hiddenBy: number;
  reason: HideReason;
  /** Overwritten by the same content with another mode/uid/gid (a chmod/chown in a later layer). */
  metadataOnly: boolean;
}

export function hiddenCopy(event: HideEvent): HiddenCopy {
  return {
    path: event.node.path,
    layer: event.node.layer,
    bytes: event.node.entry.size,
    hiddenBy: event.by,
    reason: event.reason,
    metadataOnly: event.upper !== undefined && isMetadataOnlyChange(event.node.entry, event.upper),
  };
}

export interface TrueWaste {
  totalBytes: number;
  /** Bytes each layer stores that the final filesystem does not show. */
  perLayer: number[];
}

export function trueWaste(hidden: HiddenCopy[], layerCount: number): TrueWaste {
  const perLayer = new Array<number>(layerCount).fill(0);
  let totalBytes = 0;
  for (const copy of hidden) {
    perLayer[copy.layer] += copy.bytes;
    totalBytes += copy.bytes;
  }
  return { totalBytes, perLayer };
}
