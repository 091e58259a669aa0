/**
 * What one read of an image may hold in memory, across all its layers: captured text (`LayerIndex.captured`:
 * package databases, lockfiles) and index entries. A crafted image of many layers full of big lockfiles,
 * or a gzip bomb of millions of tiny tar headers, must not exhaust the heap. Captured text over the budget
 * is left out and counted in the layer's `capturedSkipped`, for the analysis to say what is incomplete;
 * entries over the limit end the read with ARCHIVE_CORRUPT, since an index without them would be wrong.
 * (Each layer also has a captured-text budget of its own: see layer-indexer.ts.)
 */
import { LayerLensError } from '../../shared/errors';
import type { LayerIndex } from './model';

/** Two layers' worth (see `capturedBudgetBytes`): real images keep a few MB of package lists in all. */
export const imageCaptureBudgetBytes = 64 * 1024 * 1024;
/**
 * Several times the files of the largest real images (a CUDA or TeX Live image has about a million), and
 * about 1 GB of index: beyond it, reading on would end the process instead of the read.
 */
export const maxImageEntries = 4_000_000;

export class ReadBudget {
  private capturedLeft: number;
  private readonly maxEntries: number;
  private entriesLeft: number;

  constructor(limits: { capturedBytes?: number; entries?: number } = {}) {
    this.capturedLeft = limits.capturedBytes ?? imageCaptureBudgetBytes;
    this.maxEntries = limits.entries ?? maxImageEntries;
    this.entriesLeft = this.maxEntries;
  }

  /** Spends `bytes` of captured text if that many are left. */
  takeCaptured(bytes: number): boolean {
    if (bytes > this.capturedLeft) return false;
    this.capturedLeft -= bytes;
    return true;
  }

  /** Counts entries of the image; ARCHIVE_CORRUPT once there are more than the limit. */
  countEntries(count: number): void {
    this.entriesLeft -= count;
    if (this.entriesLeft < 0) {
      throw new LayerLensError(
        'ARCHIVE_CORRUPT',
        `The image has more than ${this.maxEntries.toLocaleString('en-US')} files, folders and links in its layers: more than LayerLens reads.`,
      );
    }
  }

  /**
   * A cached layer index within the budget: its entries counted, and the same index when its captured text
   * fits, else a copy that keeps the files that do (the cached object is shared, so it is never changed).
   */
  admit(index: LayerIndex): LayerIndex {
    this.countEntries(index.entries.length);
    if (!index.captured) return index;
    const captured: Record<string, string> = {};
    let skipped = 0;
    for (const [path, text] of Object.entries(index.captured)) {
      if (this.takeCaptured(Buffer.byteLength(text))) captured[path] = text;
      else skipped++;
    }
    if (skipped === 0) return index;
    const { captured: _all, ...rest } = index;
    const trimmed: LayerIndex = { ...rest, capturedSkipped: (index.capturedSkipped ?? 0) + skipped };
    if (Object.keys(captured).length > 0) trimmed.captured = captured;
    return trimmed;
  }
}
