/**
 * Reads an image archive in one streaming pass, with no temp files: legacy `docker save`
 * (`<id>/layer.tar`, `manifest.json`), Docker 25+ and containerd OCI-layout saves (blobs first, `index.json`
 * last), kaniko tarballs, skopeo `oci-archive:`, plain or gzip-compressed.
 *
 * Blobs may arrive in any order, and the manifest usually comes last, so every member is classified as it
 * streams by from its first bytes: layer-looking blobs (tar, gzip, zstd) are indexed at once, small JSON
 * blobs are kept (with a size cap), anything else is skipped. At the end the manifest picks the config and
 * orders the layers.
 */
import { createHash } from 'node:crypto';
import { promises as fs, createReadStream } from 'node:fs';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { assembleImage, type AssembledLayer } from './assemble-image';
import { countingSink, fileChunkBytes, pump, type ByteSink, type ByteSource } from './byte-sink';
import { decompressingSink, sniffCompression } from './compression';
import { pathComponents } from './entry-path';
import { checkBlob, formatPlatform, parseJson, parsePlatform, platformMatches, resolveOciIndex, shortRepoTag } from './image-manifest';
import type { LayerIndexCache } from './layer-cache';
import { createLayerIndexer } from './layer-indexer';
import type { Compression, LayerIndex, LoadedImage } from './model';
import { ReadBudget } from './read-budget';
import { checksumMatches } from './tar-header';
import { TarWalker, type MemberSink, type TarMember } from './tar-walker';

export interface ReadImageArchiveOptions {
  /** "os/arch[/variant]" for multi-platform archives; default: the only image, else this machine's. */
  platform?: string;
  signal?: AbortSignal;
  /** Bytes of the archive read so far, and its total size when known. */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  /** Layer indexes found here are not read again (OCI blobs named by diff ID); new ones are stored. */
  cache?: LayerIndexCache;
  /** The archive's size, for progress. */
  totalBytes?: number;
  /** What to call the image's origin in `LoadedImage.source` and in messages. */
  source?: string;
  /** Verify every blob and layer against its digest (default); see `IndexLayerOptions.verifyDigests`. */
  verifyDigests?: boolean;
  /** What the image's layers may hold in all (default: a fresh `ReadBudget`). */
  budget?: ReadBudget;
}

/** JSON members (manifests, indexes, configs) bigger than this are not image metadata. */
const maxJsonBytes = 32 * 1024 * 1024;
/** …and all of them together: a crafted archive must not exhaust memory with many large JSON members. */
const maxTotalJsonBytes = 64 * 1024 * 1024;
/** Blobs this small are kept whatever they look like (metadata of the wrong shape); bigger ones must look like JSON. */
const smallBlobBytes = 64 * 1024;

/** `cacheable`: read here, and not cut by the image's capture budget (so the index is the layer's alone). */
type Member = { kind: 'layer'; layer: AssembledLayer; blobSize: number; cacheable: boolean } | { kind: 'json'; data: Buffer };

interface LegacyManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function looksLikeJson(head: Buffer): boolean {
  const text = head.toString('latin1').trimStart();
  return text.startsWith('{') || text.startsWith('[');
}

/** A tar header block with a valid checksum, or the zero block an empty tar starts with. */
function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  const block = head.subarray(0, 512);
  return block.every((byte) => byte === 0) || checksumMatches(block);
}

function digestFromBlobPath(name: string): string | undefined {
  const match = /^blobs\/(sha256|sha512)\/([0-9a-f]{64,128})$/.exec(name);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

function memberName(raw: string): string {
  return pathComponents(raw).join('/');
}

function describeFailure(error: unknown, where: string): LayerLensError {
  if (error instanceof LayerLensError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of (data|file)/i.test(message)) {
    return new LayerLensError('ARCHIVE_CORRUPT', `${where} is truncated or is not a tar archive.`, message);
  }
  if (/invalid tar header/i.test(message)) {
    return new LayerLensError('ARCHIVE_CORRUPT', `${where} is not a tar archive, or it is corrupt.`, message);
  }
  return new LayerLensError('ARCHIVE_CORRUPT', `${where} could not be read as an image archive: ${message}`, message);
}

/** How many first bytes of a member tell what it is: a tar header block, a compression magic, a JSON brace. */
const classifyBytes = 512;

/**
 * The visitor of the archive's members: classifies each file member from its first bytes and feeds it on
 * as it streams by: layer blobs to a layer indexer, small JSON to a buffer, anything else nowhere.
 */
class MemberReader {
  readonly members = new Map<string, Member>();
  readonly links = new Map<string, string>();
  memberCount = 0;
  private jsonBytes = 0;

  constructor(
    private readonly options: ReadImageArchiveOptions,
    private readonly budget: ReadBudget,
  ) {}

  private get where(): string {
    return this.options.source ?? 'the archive';
  }

  onMember = (member: TarMember): MemberSink | undefined => {
    const name = memberName(member.path);
    this.memberCount++;
    if (member.type === 'symlink' || member.type === 'hardlink') {
      // Docker 25+ legacy-compatible saves link `<id>/layer.tar` to `blobs/sha256/…`.
      const target = member.linkTarget ?? '';
      const base = member.type === 'symlink' ? [...pathComponents(name).slice(0, -1), ...pathComponents(target)] : pathComponents(target);
      const resolved: string[] = [];
      for (const part of base) {
        if (part === '..') resolved.pop();
        else resolved.push(part);
      }
      this.links.set(name, resolved.join('/'));
      return undefined;
    }
    if (member.type !== 'file') return undefined;
    return this.classifying(name, member.size);
  };

  /** Holds the first bytes of a member until they tell what it is, then hands on to the right reader. */
  private classifying(name: string, size: number): MemberSink {
    const head: Buffer[] = [];
    let headLength = 0;
    let target: ByteSink | undefined;
    const decide = async (): Promise<void> => {
      const first = Buffer.concat(head);
      target = await this.readerFor(name, size, first);
      await target.write(first);
    };
    return {
      data: (bytes) => {
        if (target) return target.write(bytes);
        const take = Math.min(bytes.length, classifyBytes - headLength);
        head.push(Buffer.from(bytes.subarray(0, take)));
        headLength += take;
        if (headLength < classifyBytes) return;
        // `bytes` stays valid until the promise returned here settles.
        const rest = bytes.subarray(take);
        return decide().then(() => (rest.length > 0 ? target!.write(rest) : undefined));
      },
      end: async () => {
        if (!target) await decide();
        await target!.end();
      },
      abort: () => target?.abort?.(),
    };
  }

  private async readerFor(name: string, size: number, head: Buffer): Promise<ByteSink> {
    const { cache } = this.options;
    const compression = sniffCompression(head);
    const isLayer = compression !== 'none' || looksLikeTar(head) || (/(^|\/)layer\.tar$/.test(name) && head.length === 0);
    if (isLayer) {
      const blobDigest = digestFromBlobPath(name);
      // An uncompressed OCI blob is named by its diff ID: a cached index makes reading it unnecessary.
      const cached = blobDigest && cache ? await cache.get(blobDigest, this.options.signal) : undefined;
      if (cached) return this.cachedLayer(name, blobDigest!, compression, cached);
      const indexer = await createLayerIndexer({
        name: `layer ${name} of ${this.where}`,
        verifyDigests: this.options.verifyDigests,
        imageReadBudget: this.budget,
      });
      return {
        write: (bytes) => indexer.write(bytes),
        abort: () => indexer.abort(),
        end: async () => {
          await indexer.end();
          const indexed = indexer.result();
          this.members.set(name, {
            kind: 'layer',
            blobSize: indexed.blobSize,
            cacheable: !indexed.cutByImageBudget,
            layer: { name, blobDigest: indexed.blobDigest, compression: indexed.compression, index: indexed.index },
          });
        },
      };
    }
    if (this.mayBeMetadata(name, size, head)) {
      const parts: Buffer[] = [];
      return {
        write: (bytes) => {
          parts.push(Buffer.from(bytes));
        },
        end: () => {
          const data = Buffer.concat(parts);
          this.jsonBytes += data.length;
          if (this.jsonBytes > maxTotalJsonBytes) {
            throw new LayerLensError(
              'ARCHIVE_CORRUPT',
              `${this.where} holds more than ${maxTotalJsonBytes >> 20} MB of metadata: not an image archive.`,
            );
          }
          this.members.set(name, { kind: 'json', data });
        },
      };
    }
    return { write: () => undefined, end: () => undefined };
  }

  /**
   * JSON by its look, or by its place: a small blob or a `.json` member that is `null` or a string is
   * still the manifest or config it stands for, to be refused naming what is wrong with it.
   */
  private mayBeMetadata(name: string, size: number, head: Buffer): boolean {
    if (size > maxJsonBytes) return false;
    return looksLikeJson(head) || name.endsWith('.json') || (digestFromBlobPath(name) !== undefined && size <= smallBlobBytes);
  }

  /**
   * Skipping the parse is safe only for the bytes the name promises: a crafted archive could name a benign
   * cached layer while carrying another. Hashing is much cheaper than indexing.
   */
  private cachedLayer(name: string, blobDigest: string, compression: Compression, index: LayerIndex): ByteSink {
    const hash = createHash('sha256');
    let blobSize = 0;
    return {
      write: (bytes) => {
        blobSize += bytes.length;
        hash.update(bytes);
      },
      end: () => {
        const digest = `sha256:${hash.digest('hex')}`;
        if (this.options.verifyDigests !== false && digest !== blobDigest) {
          throw new LayerLensError('ARCHIVE_CORRUPT', `${this.where}: the blob ${name} has the digest ${digest}; the archive is corrupt.`);
        }
        const admitted = this.budget.admit(index);
        this.members.set(name, { kind: 'layer', blobSize, cacheable: false, layer: { name, blobDigest, compression, index: admitted } });
      },
    };
  }
}

/**
 * Reads an image archive from a stream or a push source (the engine's socket). See the file comment.
 */
export async function readImageArchive(source: ByteSource, options: ReadImageArchiveOptions = {}): Promise<LoadedImage> {
  const { signal, cache } = options;
  const where = options.source ?? 'the archive';
  if (signal?.aborted) throw cancelledError();
  if (options.platform) parsePlatform(options.platform);

  const reader = new MemberReader(options, options.budget ?? new ReadBudget());
  const walker = new TarWalker(reader.onMember);
  let bytesRead = 0;
  const counted = countingSink(
    // `docker save | gzip` archives are common; `docker load` reads them, so do we.
    decompressingSink({ write: (bytes) => walker.write(bytes), end: () => walker.end(), abort: () => walker.abort() }),
    (bytes) => {
      bytesRead += bytes;
      options.onProgress?.(bytesRead, options.totalBytes);
    },
  );
  try {
    await pump(source, counted, signal);
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw describeFailure(error, where);
  }

  const image = await resolveImage(reader.members, reader.links, reader.memberCount, options, where);
  if (cache) {
    const fresh = [...reader.members.values()].filter(
      (member) => member.kind === 'layer' && member.cacheable && image.layers.some((l) => l.index === member.layer.index),
    );
    cache.putLater((c) =>
      Promise.all([
        ...fresh.map((member) => c.put((member as { layer: AssembledLayer }).layer.index)),
        c.putConfig(image.configDigest, { config: image.config, repoTags: image.repoTags }),
      ]),
    );
  }
  return image;
}

async function resolveImage(
  members: Map<string, Member>,
  links: Map<string, string>,
  memberCount: number,
  options: ReadImageArchiveOptions,
  where: string,
): Promise<LoadedImage> {
  const lookup = (name: string): Member | undefined => {
    let current = memberName(name);
    for (let hops = 0; hops < 16 && links.has(current); hops++) current = links.get(current)!;
    return members.get(current);
  };
  const json = (name: string): Buffer | undefined => {
    const member = lookup(name);
    return member?.kind === 'json' ? member.data : undefined;
  };
  const layerMember = (name: string, what: string): Extract<Member, { kind: 'layer' }> => {
    const member = lookup(name);
    if (member?.kind !== 'layer') {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the manifest lists ${what}, which is not in the archive.`);
    }
    return member;
  };
  const verify = options.verifyDigests !== false;

  const legacyBytes = json('manifest.json');
  let legacy: LegacyManifestEntry[] | undefined;
  if (legacyBytes) {
    const { checked, legacyManifestSchema } = await import('./archive-schema');
    legacy = checked(legacyManifestSchema, parseJson(legacyBytes, `manifest.json of ${where}`), `${where}: manifest.json`);
  }
  const indexBytes = json('index.json');
  const source = options.source ?? 'archive';

  if (indexBytes) {
    const resolved = await resolveOciIndex(parseJson(indexBytes, `index.json of ${where}`), async (digest) => json(blobPath(digest)), {
      platform: options.platform,
      where,
      verify,
      signal: options.signal,
    });
    const configBytes = json(blobPath(resolved.configDigest));
    if (!configBytes) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config ${resolved.configDigest} is not in the archive.`);
    }
    if (verify) checkBlob(configBytes, resolved.config, where);
    const layers = resolved.layers.map((descriptor) => {
      const { layer, blobSize } = layerMember(blobPath(descriptor.digest), `layer blob ${descriptor.digest}`);
      // The member was read to its end as the tar header said; the descriptor must say the same.
      if (verify && descriptor.size !== undefined && blobSize !== descriptor.size) {
        throw new LayerLensError(
          'ARCHIVE_CORRUPT',
          `${where}: the layer blob ${descriptor.digest} is ${blobSize} bytes, but the manifest says ${descriptor.size}.`,
        );
      }
      if (layer.blobDigest !== undefined && layer.blobDigest !== descriptor.digest) {
        throw new LayerLensError(
          'ARCHIVE_CORRUPT',
          `${where}: the blob ${descriptor.digest} has the digest ${layer.blobDigest}; the archive is corrupt.`,
        );
      }
      return layer;
    });
    const configPath = blobPath(resolved.configDigest);
    const legacyTags = (legacy ?? []).filter((entry) => lookupName(entry.Config, links) === configPath).flatMap((entry) => entry.RepoTags ?? []);
    return await assembleImage({ source, repoTags: [...legacyTags, ...resolved.repoTags], configBytes, layers, where });
  }

  if (legacy) {
    const entry = await chooseLegacyEntry(legacy, json, options.platform, where);
    const configBytes = json(entry.Config);
    if (!configBytes) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config ${entry.Config} is not in the archive.`);
    }
    const layers = entry.Layers.map((name) => layerMember(name, `layer ${name}`).layer);
    const repoTags = (entry.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(shortRepoTag);
    return await assembleImage({ source, repoTags, configBytes, layers, where });
  }

  if (memberCount === 0) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where} is not an image archive: it is an empty tar.`);
  }
  throw new LayerLensError('ARCHIVE_CORRUPT', `${where} is not an image archive: no manifest.json or index.json.`);
}

function lookupName(name: string, links: Map<string, string>): string {
  let current = memberName(name);
  for (let hops = 0; hops < 16 && links.has(current); hops++) current = links.get(current)!;
  return current;
}

async function chooseLegacyEntry(
  entries: LegacyManifestEntry[],
  json: (name: string) => Buffer | undefined,
  platform: string | undefined,
  where: string,
): Promise<LegacyManifestEntry> {
  if (entries.length === 0) throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: manifest.json lists no image.`);
  if (!platform) return entries[0];
  const wanted = parsePlatform(platform);
  const seen: string[] = [];
  const { checked, imageConfigSchema } = await import('./archive-schema');
  for (const entry of entries) {
    const bytes = json(entry.Config);
    if (!bytes) continue;
    const config = checked(imageConfigSchema, parseJson(bytes, `image config ${entry.Config}`), `${where}: the image config ${entry.Config}: config`);
    const candidate = { os: config.os ?? '', architecture: config.architecture ?? '', variant: config.variant };
    if (platformMatches(candidate, wanted)) return entry;
    seen.push(formatPlatform(candidate));
  }
  throw new LayerLensError(
    'INVALID_ARGUMENT',
    `${where} has no image for ${formatPlatform(wanted)}. Platforms available: ${seen.join(', ') || 'none'}.`,
  );
}

/** Reads an image archive file (see `readImageArchive`); progress totals are the file's size. */
export async function readImageArchiveFile(file: string, options: Omit<ReadImageArchiveOptions, 'totalBytes'> = {}): Promise<LoadedImage> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new LayerLensError('INVALID_ARGUMENT', `${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof LayerLensError) throw error;
    throw new LayerLensError('INVALID_ARGUMENT', `Cannot read ${file}: ${(error as Error).message}`, String(error));
  }
  const stream = createReadStream(file, { highWaterMark: fileChunkBytes });
  try {
    return await readImageArchive(stream, { ...options, totalBytes: size, source: options.source ?? `archive ${file}` });
  } finally {
    stream.destroy();
  }
}
