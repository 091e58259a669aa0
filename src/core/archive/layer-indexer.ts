/**
 * Indexes one layer blob (plain tar, gzip, zstd or eStargz) in one pass with bounded memory: entries are
 * recorded from their headers, file contents are hashed as they stream by and never kept. The diff ID is
 * the sha256 of the uncompressed tar; the blob digest is the sha256 of the bytes as they came.
 *
 * `LayerIndexer` is a push sink (see byte-sink.ts), so an archive reader can feed it a member's bytes as
 * they pass, in place; `indexLayer` drives it from a stream.
 */
import { createHash, type Hash } from 'node:crypto';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { captureVersion, shouldCapture } from './captured-files';
import { countingSink, pump, type ByteSink, type ByteSource } from './byte-sink';
import { decompressingSink } from './compression';
import { contentHashAlgorithm, createContentHasher, type ContentHasher } from './content-hash';
import { hasParentComponent, normaliseEntryPath } from './entry-path';
import { EntryTable } from './entry-table';
import type { Compression, LayerEntry, LayerIndex } from './model';
import { ReadBudget } from './read-budget';
import { TarWalker, type MemberSink, type TarMember } from './tar-walker';

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
  /** What this layer may keep as captured text in all; default `capturedBudgetBytes`. */
  captureBudgetBytes?: number;
  /** What the layers of one image may hold in all (see read-budget.ts); default: one for this layer alone. */
  imageReadBudget?: ReadBudget;
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
  /**
   * The image's budget left captured files out: the index depends on the other layers read with it, so it
   * must not be cached as this layer's.
   */
  cutByImageBudget: boolean;
}

/** The index entry for a tar member; undefined for the root directory. */
function toLayerEntry(member: TarMember): LayerEntry | undefined {
  const normalised = normaliseEntryPath(member.path);
  if (!normalised) return undefined;
  const { type } = member;
  const marker = normalised.whiteout === true || normalised.opaque === true;
  const entry: LayerEntry = {
    path: normalised.path,
    type,
    size: type === 'file' && !marker ? member.size : 0,
    mode: member.mode,
    uid: member.uid,
    gid: member.gid,
  };
  const reasons: string[] = [];
  if (normalised.unsafe) reasons.push(normalised.unsafe);
  if ((type === 'symlink' || type === 'hardlink') && member.linkTarget !== undefined) {
    entry.linkTarget = member.linkTarget;
    if (type === 'symlink' && member.linkTarget.startsWith('/')) {
      reasons.push(`absolute symlink target "${member.linkTarget}"`);
    }
    if (type === 'hardlink' && hasParentComponent(member.linkTarget)) {
      reasons.push(`hardlink target "${member.linkTarget}" has a ".." component`);
    }
  }
  if (normalised.whiteout) entry.whiteout = true;
  if (normalised.opaque) entry.opaque = true;
  if (reasons.length > 0) entry.unsafe = reasons.join('; ');
  return entry;
}

function corrupt(name: string, error: unknown): LayerLensError {
  if (error instanceof LayerLensError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LayerLensError('ARCHIVE_CORRUPT', `The ${name} is corrupt or truncated: ${message}.`, message);
}

/**
 * The entries of one layer's tar, as a tar-walker visitor. Members arrive one at a time, so one hasher and
 * this one sink object serve every file (no allocation per file beyond its entry).
 */
class EntryCollector implements MemberSink {
  readonly entries = new EntryTable();
  readonly captured: Record<string, string> = {};
  /** Files the capture policy wanted that the budget left out (a crafted layer of many big lockfiles). */
  capturedSkipped = 0;
  cutByImageBudget = false;
  private capturedBytes = 0;
  sizeBytes = 0;
  private current: LayerEntry | undefined;
  private kept: Buffer[] | undefined;

  constructor(
    private readonly hasher: ContentHasher,
    private readonly capture: (path: string, size: number) => boolean,
    private readonly budgetBytes: number,
    private readonly imageBudget: ReadBudget,
  ) {}

  onMember = (member: TarMember): MemberSink | undefined => {
    const entry = toLayerEntry(member);
    if (!entry) return undefined;
    this.imageBudget.countEntries(1);
    this.sizeBytes += entry.size;
    if (entry.type !== 'file' || entry.whiteout || entry.opaque) {
      this.entries.push(entry);
      return undefined;
    }
    // Kept until its contents are hashed: no other member comes before `end`, so tar order holds.
    this.current = entry;
    this.kept = this.capture(entry.path, entry.size) && this.fits(entry.size) ? [] : undefined;
    this.hasher.start();
    return this;
  };

  /** Spends the layer's budget, then the image's, on a wanted file; counts it as skipped when either is out. */
  private fits(size: number): boolean {
    const fits = this.capturedBytes + size <= this.budgetBytes;
    const imageFits = fits && this.imageBudget.takeCaptured(size);
    if (!imageFits) {
      this.capturedSkipped += 1;
      this.cutByImageBudget ||= fits;
      return false;
    }
    this.capturedBytes += size;
    return true;
  }

  data(bytes: Buffer): void {
    this.hasher.update(bytes);
    this.kept?.push(Buffer.from(bytes));
  }

  end(): void {
    const entry = this.current!;
    entry.hash = this.hasher.finish();
    this.entries.push(entry);
    if (this.kept) this.captured[entry.path] = Buffer.concat(this.kept).toString('utf8');
    this.current = undefined;
    this.kept = undefined;
  }
}

/** What one layer may keep as text in all (the per-file limit is the capture policy's). */
export const capturedBudgetBytes = 32 * 1024 * 1024;

/** A layer blob's bytes in, its index out: write every byte, then `finish`. */
export class LayerIndexer implements ByteSink {
  private readonly collector: EntryCollector;
  private readonly walker: TarWalker;
  private readonly input: ByteSink;
  private readonly blobHash: Hash | undefined;
  private readonly diffHash: Hash | undefined;
  private compression: Compression = 'none';
  private blobSize = 0;
  private tarSize = 0;

  constructor(
    hasher: ContentHasher,
    private readonly options: IndexLayerOptions = {},
  ) {
    const verify = options.verifyDigests ?? true;
    this.blobHash = verify ? createHash('sha256') : undefined;
    this.diffHash = verify ? createHash('sha256') : undefined;
    this.collector = new EntryCollector(
      hasher,
      options.capture ?? shouldCapture,
      options.captureBudgetBytes ?? capturedBudgetBytes,
      options.imageReadBudget ?? new ReadBudget(),
    );
    this.walker = new TarWalker(this.collector.onMember);
    const tar: ByteSink = {
      write: (bytes) => {
        this.tarSize += bytes.length;
        if (this.compression !== 'none') this.diffHash?.update(bytes);
        return this.walker.write(bytes);
      },
      end: () => this.walker.end(),
      abort: () => this.walker.abort(),
    };
    this.input = decompressingSink(tar, (compression) => (this.compression = compression));
  }

  write(bytes: Buffer): void | Promise<void> {
    this.blobSize += bytes.length;
    // Uncompressed, the blob is the tar: one hash serves as both digests.
    this.blobHash?.update(bytes);
    try {
      const wait = this.input.write(bytes);
      return wait?.catch((error: unknown) => {
        throw corrupt(this.name, error);
      });
    } catch (error) {
      throw corrupt(this.name, error);
    }
  }

  async end(): Promise<void> {
    try {
      await this.input.end();
    } catch (error) {
      throw corrupt(this.name, error);
    }
  }

  abort(): void {
    this.input.abort?.();
  }

  /** The index, once `end` has resolved. */
  result(): IndexedLayer {
    const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest('hex')}` : undefined;
    const diffId = this.compression === 'none' ? (blobDigest ?? '') : this.diffHash ? `sha256:${this.diffHash.digest('hex')}` : '';
    const { entries, captured, sizeBytes, capturedSkipped, cutByImageBudget } = this.collector;
    const index: LayerIndex = { diffId, sizeBytes, contentHash: contentHashAlgorithm, captures: captureVersion, entries };
    if (Object.keys(captured).length > 0) index.captured = captured;
    if (capturedSkipped > 0) index.capturedSkipped = capturedSkipped;
    return { index, compression: this.compression, blobDigest, blobSize: this.blobSize, tarSize: this.tarSize, cutByImageBudget };
  }

  private get name(): string {
    return this.options.name ?? 'layer';
  }
}

export async function createLayerIndexer(options: IndexLayerOptions = {}): Promise<LayerIndexer> {
  return new LayerIndexer(await createContentHasher(), options);
}

/**
 * Reads a layer blob to its end and returns its index. A stream source is consumed (and destroyed on
 * cancel). A truncated or corrupt blob rejects with ARCHIVE_CORRUPT naming the layer.
 */
export async function indexLayer(source: ByteSource, options: IndexLayerOptions = {}): Promise<IndexedLayer> {
  if (options.signal?.aborted) throw cancelledError();
  const indexer = await createLayerIndexer(options);
  const sink = options.onBytes ? countingSink(indexer, options.onBytes) : indexer;
  try {
    await pump(source, sink, options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    throw corrupt(options.name ?? 'layer', error);
  }
  return indexer.result();
}
