/**
 * The content hash of regular files in a layer index: XXH64, the hash dive itself uses for its "modified"
 * rule. It tells equal contents from different ones (modified files, duplicates, image compares); it is not
 * a security digest (blobs and layers keep SHA-256). A cryptographic hash cost half the reading time of a
 * gigabyte image here (SHA-256 ~0.7 s vs XXH64 ~0.1 s per GB).
 */
import { createXXHash64, type IHasher } from 'hash-wasm';

/** Stored in every layer index: a cached index hashed with another algorithm is a miss. */
export const contentHashAlgorithm = 'xxh64';

/**
 * One hasher for the files of one layer, which arrive one after the other: `start` a file, `update` with
 * its bytes, `finish` for its hex digest. Not for files in flight at the same time.
 */
export interface ContentHasher {
  start(): void;
  update(data: Uint8Array): void;
  finish(): string;
}

export async function createContentHasher(): Promise<ContentHasher> {
  const hasher: IHasher = await createXXHash64();
  return {
    start: () => hasher.init(),
    update: (data) => hasher.update(data),
    finish: () => hasher.digest('hex'),
  };
}
