/**
 * True waste: bytes a layer stores at a path the final filesystem does not show, because a later layer
 * overwrote it or deleted it (a whiteout, an opaque directory, a file over a directory). Each stored copy
 * counts once, unlike dive's wasted bytes (dive #684). Visible bytes + true waste = Σ layer sizes.
 */
import type { EntryTable } from '../archive/entry-table';
import type { HideEvent, HideReason } from './file-tree';
import { doubledTo, grown } from './path-tree';
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

const reasons: readonly HideReason[] = ['deleted', 'overwritten', 'replaced'];
const metadataOnlyFlag = 4;

/**
 * The hidden copies of a replay, in columns (a copy is its layer's row): a million files deleted by a
 * later layer are a million copies, which as objects cost more than the files.
 */
export class HiddenCopies implements Iterable<HiddenCopy> {
  private count = 0;
  private layers = new Int32Array(16);
  private rows = new Int32Array(16);
  private hiders = new Int32Array(16);
  private flags = new Uint8Array(16);

  constructor(private readonly tableOf: (layer: number) => EntryTable) {}

  get length(): number {
    return this.count;
  }

  push(event: HideEvent): void {
    if (this.count === this.rows.length) {
      const capacity = doubledTo(this.rows.length, this.count + 1);
      this.layers = grown(this.layers, capacity);
      this.rows = grown(this.rows, capacity);
      this.hiders = grown(this.hiders, capacity);
      this.flags = grown(this.flags, capacity);
    }
    const i = this.count++;
    const metadataOnly = event.upper !== undefined && isMetadataOnlyChange(event.node.entry, event.upper);
    this.layers[i] = event.node.layer;
    this.rows[i] = event.node.row;
    this.hiders[i] = event.by;
    this.flags[i] = reasons.indexOf(event.reason) | (metadataOnly ? metadataOnlyFlag : 0);
  }

  /** The layer that stores copy `i`. */
  layer(i: number): number {
    return this.layers[i];
  }

  path(i: number): string {
    return this.tableOf(this.layers[i]).path(this.rows[i]);
  }

  bytes(i: number): number {
    return this.tableOf(this.layers[i]).size(this.rows[i]);
  }

  /** The row of copy `i` in its layer's table. */
  row(i: number): number {
    return this.rows[i];
  }

  hiddenBy(i: number): number {
    return this.hiders[i];
  }

  reason(i: number): HideReason {
    return reasons[this.flags[i] & 3];
  }

  metadataOnly(i: number): boolean {
    return (this.flags[i] & metadataOnlyFlag) !== 0;
  }

  /** Copy `i` as an object, made now. */
  at(i: number): HiddenCopy {
    return {
      path: this.path(i),
      layer: this.layer(i),
      bytes: this.bytes(i),
      hiddenBy: this.hiddenBy(i),
      reason: this.reason(i),
      metadataOnly: this.metadataOnly(i),
    };
  }

  *[Symbol.iterator](): Iterator<HiddenCopy> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }
}

export interface TrueWaste {
  totalBytes: number;
  /** Bytes each layer stores that the final filesystem does not show. */
  perLayer: number[];
}

export function trueWaste(hidden: HiddenCopies, layerCount: number): TrueWaste {
  const perLayer = new Array<number>(layerCount).fill(0);
  let totalBytes = 0;
  for (let i = 0; i < hidden.length; i++) {
    perLayer[hidden.layer(i)] += hidden.bytes(i);
    totalBytes += hidden.bytes(i);
  }
  return { totalBytes, perLayer };
}
