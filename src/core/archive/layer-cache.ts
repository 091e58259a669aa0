/**
 * Layer indexes and image configs cached on disk by digest, so that a second analysis of an image (or of
 * another image sharing its base layers) does not read the layers again.
 *
 * One gzipped file per digest (JSON; a layer index in lines, see layer-file.ts), written to a temp file and renamed (a reader never sees half a file).
 * Total size is bounded; the least recently used files go first (a hit touches the file's mtime).
 * Unreadable or corrupt files are deleted and count as misses. The cache is an optimisation: a failing
 * disk makes `put` a no-op, never a failed analysis.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { cancelledError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { defaultCacheDir } from '../fs/cache-dir';
import { captureVersion } from './captured-files';
import { contentHashAlgorithm } from './content-hash';
import { layerFileLines, layerFileSuffix, readLayerFile, type LayerFileHead } from './layer-file';
import type { ImageConfigFile, LayerIndex } from './model';

const gunzip = promisify(zlib.gunzip);

export interface LayerIndexCacheOptions {
  /** Cache folder; default: LAYERLENS_CACHE_DIR, else $XDG_CACHE_HOME/layerlens, else ~/.cache/layerlens. */
  dir?: string;
  /** Bound on the total size of the cache files; default 512 MiB. */
  maxBytes?: number;
}

export interface CachedImageConfig {
  config: ImageConfigFile;
  repoTags: string[];
}

export const defaultCacheMaxBytes = 512 * 1024 * 1024;

const digestPattern = /^(sha256|sha512):([0-9a-f]{64}|[0-9a-f]{128})$/;

type Kind = 'layers' | 'configs' | 'analyses';
const kinds: Kind[] = ['layers', 'configs', 'analyses'];

function isNotFound(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ENOENT';
}

/** A stored index is for this layer and was made the way this LayerLens makes them. */
function isLayerHead(head: LayerFileHead, diffId: string): boolean {
  // An index from an older LayerLens may hash contents otherwise: its hashes would not compare with ours.
  return (
    !!head &&
    head.diffId === diffId &&
    head.contentHash === contentHashAlgorithm &&
    head.captures === captureVersion &&
    typeof head.sizeBytes === 'number'
  );
}

function isCachedConfig(value: unknown): value is CachedImageConfig {
  const v = value as CachedImageConfig;
  return !!v && typeof v.config === 'object' && v.config !== null && Array.isArray(v.repoTags);
}

export class LayerIndexCache {
  readonly dir: string;
  readonly maxBytes: number;
  /** Layer indexes served from the cache since this object was made (what callers could skip reading). */
  layersFromCache = 0;
  /** Layer indexes written since this object was made. */
  layersStored = 0;
  private lastTouch = 0;
  /** Background writes of every cache object in this process: a read waits for them (read your writes). */
  private static readonly pending = new Set<Promise<unknown>>();

  constructor(options: LayerIndexCacheOptions = {}) {
    this.dir = path.resolve(options.dir ?? defaultCacheDir());
    this.maxBytes = options.maxBytes ?? defaultCacheMaxBytes;
  }

  /** The cached index of a layer; a cancelled read (`signal`) rejects and keeps the file. */
  async get(diffId: string, signal?: AbortSignal): Promise<LayerIndex | undefined> {
    const file = this.file('layers', diffId);
    if (!file) return undefined;
    await this.flush();
    let index: LayerIndex | undefined;
    try {
      index = await readLayerFile(file, (head) => isLayerHead(head, diffId), signal);
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      if (!isNotFound(error)) await this.remove('layers', diffId);
      return undefined;
    }
    if (!index) {
      await this.remove('layers', diffId);
      return undefined;
    }
    await this.touch(file);
    this.layersFromCache++;
    return index;
  }

  /** Whether a layer index is cached, without reading it. */
  async has(diffId: string): Promise<boolean> {
    const file = this.file('layers', diffId);
    if (!file) return false;
    return fs.access(file).then(
      () => true,
      () => false,
    );
  }

  /**
   * Stores in the background, after the current task (the analysis that needs the result) has run:
   * the caller does not wait for serialisation and compression. `flush` waits for everything pending.
   */
  putLater(write: (cache: this) => Promise<unknown>): void {
    const pending = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => write(this))
      .catch(() => undefined)
      .finally(() => LayerIndexCache.pending.delete(pending));
    LayerIndexCache.pending.add(pending);
  }

  async flush(): Promise<void> {
    while (LayerIndexCache.pending.size > 0) await Promise.all([...LayerIndexCache.pending]);
  }

  async put(index: LayerIndex): Promise<boolean> {
    const stored = await this.write('layers', index.diffId, layerFileLines(index));
    if (stored) this.layersStored++;
    return stored;
  }

  async getConfig(imageId: string): Promise<CachedImageConfig | undefined> {
    const value = (await this.readFor('configs', imageId))?.value;
    if (value === undefined) return undefined;
    if (!isCachedConfig(value)) {
      await this.remove('configs', imageId);
      return undefined;
    }
    return value;
  }

  async putConfig(imageId: string, value: CachedImageConfig): Promise<boolean> {
    return this.write('configs', imageId, [JSON.stringify({ imageId, value })]);
  }

  /**
   * A derived result about an image (its analysis), stored under the image ID with a version tag: a
   * result written by another version of the algorithm is a miss.
   */
  async getDerived<T>(imageId: string, version: string): Promise<T | undefined> {
    const stored = await this.readFor('analyses', imageId);
    return stored?.version === version ? (stored.value as T) : undefined;
  }

  async putDerived(imageId: string, version: string, value: unknown): Promise<boolean> {
    return this.write('analyses', imageId, [JSON.stringify({ version, imageId, value })]);
  }

  /**
   * What is stored about one image, only if it says it is about that image: a file copied over from
   * another image's entry (or written by an older version, which did not say) is a miss and is removed.
   */
  private async readFor(kind: Kind, imageId: string): Promise<{ version?: unknown; value?: unknown } | undefined> {
    const entry = (await this.read(kind, imageId)) as { imageId?: unknown; version?: unknown; value?: unknown } | undefined;
    if (entry === undefined) return undefined;
    if (entry?.imageId !== imageId) {
      await this.remove(kind, imageId);
      return undefined;
    }
    return entry;
  }

  /** The cache file of a digest; undefined for anything that is not a digest (it must not name a path). */
  private file(kind: Kind, digest: string): string | undefined {
    const match = digestPattern.exec(digest);
    if (!match) return undefined;
    return path.join(this.dir, kind, `${match[1]}-${match[2]}${kind === 'layers' ? layerFileSuffix : '.json.gz'}`);
  }

  private async read(kind: Kind, digest: string): Promise<unknown> {
    const file = this.file(kind, digest);
    if (!file) return undefined;
    await this.flush();
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch {
      return undefined;
    }
    try {
      const value: unknown = JSON.parse((await gunzip(data)).toString('utf8'));
      await this.touch(file);
      return value;
    } catch {
      await fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  private async remove(kind: Kind, digest: string): Promise<void> {
    const file = this.file(kind, digest);
    if (file) await fs.rm(file, { force: true }).catch(() => undefined);
  }

  /** Stores the text `pieces` make, gzipped, in the file of `digest`. */
  private async write(kind: Kind, digest: string, pieces: Iterable<string>): Promise<boolean> {
    const file = this.file(kind, digest);
    if (!file) return false;
    try {
      // One piece (a line of entries) at a time: by default 16 wait in the stream, and text that waits is
      // promoted to the old generation, which grows by it at a big layer.
      const data = Readable.from(pieces, { highWaterMark: 1 }).pipe(zlib.createGzip());
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, data);
      await this.touch(file);
    } catch {
      return false;
    }
    await this.evict(file).catch(() => undefined);
    return true;
  }

  /** Marks a file as just used: mtimes strictly increase within a process, so the LRU order is exact. */
  private async touch(file: string): Promise<void> {
    this.lastTouch = Math.max(Date.now(), this.lastTouch + 1);
    const time = new Date(this.lastTouch);
    await fs.utimes(file, time, time).catch(() => undefined);
  }

  /** Deletes least recently used files until the total fits; the file just written stays. */
  private async evict(keep: string): Promise<void> {
    const files: { file: string; size: number; used: number }[] = [];
    for (const kind of kinds) {
      const folder = path.join(this.dir, kind);
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      for (const name of names) {
        // Layer files of an older format (`.json.gz`) are never read again: they go first, by age.
        if (!name.endsWith('.json.gz') && !name.endsWith(layerFileSuffix)) continue;
        const file = path.join(folder, name);
        try {
          const stat = await fs.stat(file);
          files.push({ file, size: stat.size, used: stat.mtimeMs });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (f.file === keep) continue;
      await fs.rm(f.file, { force: true });
      total -= f.size;
    }
  }
}
