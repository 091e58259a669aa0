/**
 * Indexes one layer blob (plain tar, gzip, zstd or eStargz) in one pass with bounded memory: entries are
 * recorded from their headers, file contents are hashed as they stream by and never kept. The diff ID is
 * the sha256 of the uncompressed tar; the blob digest is the sha256 of the bytes as they came.
 */
import { createHash } from 'node:crypto';
import tar from 'tar-stream';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { shouldCapture } from '../analysis/captured-files';
import { decompressStream } from './compression';
import { hasParentComponent, normaliseEntryPath } from './entry-path';
import type { Compression, EntryType, LayerEntry, LayerIndex } from './model';
import { TarEndFinder } from './tar-end';
import { feedExtract } from './tar-feed';

export interface IndexLayerOptions {
  /** Names the layer in error messages ("layer 3 (blobs/sha256/ab…)"). */
  name?: string;
  signal?: AbortSignal;
  /** Called with the size of each chunk read from the source (compressed bytes), for progress. */
  onBytes?: (bytes: number) => void;
  /**
   * Which regular files to keep as UTF-8 text in `LayerIndex.captured` (package databases, lockfiles);
   * default: the analysis's `shouldCapture`. Each is bounded in size by the predicate.
   */
  capture?: (path: string, size: number) => boolean;
  /**
   * Hash the blob and its tar to verify them against the manifest (default). Off for a trusted source
   * (the local engine): the diff ID is then left empty for the assembler to fill in from the config, and
   * the layer is read with one hash pass (file contents) instead of three.
   */
  verifyDigests?: boolean;
}

export interface IndexedLayer {
  index: LayerIndex;
  compression: Compression;
  /** sha256 of the blob as read (equal to the diff ID when uncompressed); undefined when not verified. */
  blobDigest?: string;
  blobSize: number;
  /** Bytes of the uncompressed tar. */
  tarSize: number;
}

type Destroyable = { destroy?: (error?: Error) => unknown };

// Readers across core/archive import it from here.
export { cancelledError };

function entryType(type: string | null | undefined): EntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** The index entry for a tar header; undefined for the root directory. */
export function toLayerEntry(header: tar.Header): LayerEntry | undefined {
  const normalised = normaliseEntryPath(header.name);
  if (!normalised) return undefined;
  const type = entryType(header.type);
  const marker = normalised.whiteout === true || normalised.opaque === true;
  const entry: LayerEntry = {
    path: normalised.path,
    type,
    size: type === 'file' && !marker ? (header.size ?? 0) : 0,
    mode: header.mode ?? 0,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
  };
  const reasons: string[] = [];
  if (normalised.unsafe) reasons.push(normalised.unsafe);
  if ((type === 'symlink' || type === 'hardlink') && header.linkname != null) {
    entry.linkTarget = header.linkname;
    if (type === 'symlink' && header.linkname.startsWith('/')) {
      reasons.push(`absolute symlink target "${header.linkname}"`);
    }
    if (hasParentComponent(header.linkname) && type === 'hardlink') {
      reasons.push(`hardlink target "${header.linkname}" has a ".." component`);
    }
  }
  if (normalised.whiteout) entry.whiteout = true;
  if (normalised.opaque) entry.opaque = true;
  if (reasons.length > 0) entry.unsafe = reasons.join('; ');
  return entry;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Reads a layer blob to its end and returns its index. `source` is consumed (and destroyed on cancel or
 * error when it can be). A truncated or corrupt blob rejects with ARCHIVE_CORRUPT naming the layer.
 */
export async function indexLayer(
  source: AsyncIterable<Uint8Array>,
  options: IndexLayerOptions = {},
): Promise<IndexedLayer> {
  const { signal } = options;
  const name = options.name ?? 'layer';
  if (signal?.aborted) throw cancelledError();

  const verify = options.verifyDigests ?? true;
  // The raw blob needs its own hash only when compressed; uncompressed, it is the diff ID. Until the
  // compression is sniffed, the first chunks are held (by reference) to be hashed if need be.
  let blobHash: ReturnType<typeof createHash> | undefined;
  let early: Buffer[] | undefined = verify ? [] : undefined;
  let blobSize = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      if (signal?.aborted) throw cancelledError();
      const buffer = toBuffer(chunk);
      if (blobHash) blobHash.update(buffer);
      else early?.push(buffer);
      blobSize += buffer.length;
      options.onBytes?.(buffer.length);
      yield buffer;
    }
  }

  const extract = tar.extract();
  let extractError: Error | undefined;
  extract.on('error', (error: Error) => (extractError ??= error));
  let tarBytes: (Destroyable & AsyncIterable<Buffer>) | undefined;
  const onAbort = (): void => {
    const error = cancelledError();
    (source as Destroyable).destroy?.(error);
    tarBytes?.destroy?.(error);
    extract.destroy(error);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const decompressed = await decompressStream(counted());
    tarBytes = decompressed.stream;
    if (verify && decompressed.compression !== 'none') {
      blobHash = createHash('sha256');
      for (const chunk of early ?? []) blobHash.update(chunk);
    }
    early = undefined;

    const finder = new TarEndFinder();
    const entries: LayerEntry[] = [];
    const captured: Record<string, string> = {};
    const capture = options.capture ?? shouldCapture;
    let sizeBytes = 0;
    extract.on('entry', (header, stream, next) => {
      const dataOffset = (header as tar.Header & { byteOffset?: number }).byteOffset;
      const afterEnd = finder.end !== undefined && dataOffset !== undefined && dataOffset - 512 >= finder.end;
      const entry = afterEnd ? undefined : toLayerEntry(header);
      const hash = entry && entry.type === 'file' && !entry.whiteout && !entry.opaque ? createHash('sha256') : undefined;
      const keep = hash && capture(entry!.path, entry!.size) ? ([] as Buffer[]) : undefined;
      stream.on('data', (data) => {
        hash?.update(data as Buffer);
        keep?.push(data as Buffer);
      });
      stream.on('error', () => undefined); // the extractor reports it
      stream.on('end', () => {
        if (entry) {
          if (hash) entry.hash = hash.digest('hex');
          if (keep) captured[entry.path] = Buffer.concat(keep).toString('utf8');
          entries.push(entry);
          sizeBytes += entry.size;
        }
        next();
      });
    });

    const diffHash = verify ? createHash('sha256') : undefined;
    let tarSize = 0;
    await feedExtract(tarBytes, extract, (chunk) => {
      diffHash?.update(chunk);
      tarSize += chunk.length;
      finder.push(chunk);
    });
    if (signal?.aborted) throw cancelledError();

    const diffId = diffHash ? `sha256:${diffHash.digest('hex')}` : '';
    const index: LayerIndex = { diffId, sizeBytes, entries };
    if (Object.keys(captured).length > 0) index.captured = captured;
    const blobDigest = blobHash ? `sha256:${blobHash.digest('hex')}` : verify ? diffId : undefined;
    return { index, compression: decompressed.compression, blobDigest, blobSize, tarSize };
  } catch (error) {
    tarBytes?.destroy?.();
    extract.destroy();
    if (signal?.aborted) throw cancelledError();
    if (error instanceof LayerLensError) throw error;
    const cause = extractError ?? error;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new LayerLensError('ARCHIVE_CORRUPT', `The ${name} is corrupt or truncated: ${message}.`, message);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
