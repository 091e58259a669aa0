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
import tar from 'tar-stream';
import { LayerLensError } from '../../shared/errors';
import { assembleImage, type AssembledLayer } from './assemble-image';
import { decompressStream, peekStream, sniffCompression } from './compression';
import { pathComponents } from './entry-path';
import {
  formatPlatform,
  parseJson,
  parsePlatform,
  platformMatches,
  resolveOciIndex,
  shortRepoTag,
} from './image-manifest';
import type { LayerIndexCache } from './layer-cache';
import { cancelledError, indexLayer } from './layer-indexer';
import type { LoadedImage } from './model';
import { parseTarNumber } from './tar-end';
import { feedExtract } from './tar-feed';

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
}

/** JSON members (manifests, indexes, configs) bigger than this are not image metadata. */
const maxJsonBytes = 32 * 1024 * 1024;
/** …and all of them together: a crafted archive must not exhaust memory with many large JSON members. */
const maxTotalJsonBytes = 64 * 1024 * 1024;

type Member = { kind: 'layer'; layer: AssembledLayer; fromCache: boolean } | { kind: 'json'; data: Buffer };

interface LegacyManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

type Destroyable = { destroy?: (error?: Error) => unknown };

function looksLikeJson(head: Buffer): boolean {
  const text = head.toString('latin1').trimStart();
  return text.startsWith('{') || text.startsWith('[');
}

/** A tar header block with a valid checksum, or the zero block an empty tar starts with. */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  const block = head.subarray(0, 512);
  if (block.every((byte) => byte === 0)) return true;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum === parseTarNumber(block.subarray(148, 156));
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

async function drainDigest(chunks: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

async function drain(chunks: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of chunks) {
    // discard
  }
}

async function collect(chunks: AsyncIterable<Buffer>, limit: number, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw new LayerLensError('ARCHIVE_CORRUPT', `The archive member ${name} is too large to be metadata.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
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

export async function readImageArchive(
  source: AsyncIterable<Uint8Array>,
  options: ReadImageArchiveOptions = {},
): Promise<LoadedImage> {
  const { signal, cache } = options;
  const where = options.source ?? 'the archive';
  if (signal?.aborted) throw cancelledError();
  if (options.platform) parsePlatform(options.platform);

  const members = new Map<string, Member>();
  const links = new Map<string, string>();
  const extract = tar.extract();
  let failure: unknown;
  let memberCount = 0;
  let jsonBytes = 0;
  let outer: Destroyable | undefined;

  const onAbort = (): void => {
    const error = cancelledError();
    (source as Destroyable).destroy?.(error);
    outer?.destroy?.(error);
    extract.destroy(error);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const handleMember = async (header: tar.Header, stream: AsyncIterable<Buffer>): Promise<void> => {
    const name = memberName(header.name);
    memberCount++;
    if (header.type === 'symlink' || header.type === 'link') {
      // Docker 25+ legacy-compatible saves link `<id>/layer.tar` to `blobs/sha256/…`.
      const target = header.linkname ?? '';
      const base = header.type === 'symlink' ? [...pathComponents(name).slice(0, -1), ...pathComponents(target)] : pathComponents(target);
      const resolved: string[] = [];
      for (const part of base) {
        if (part === '..') resolved.pop();
        else resolved.push(part);
      }
      links.set(name, resolved.join('/'));
      await drain(stream);
      return;
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') {
      await drain(stream);
      return;
    }
    const { head, chunks } = await peekStream(stream, 512);
    const compression = sniffCompression(head);
    const isLayer =
      compression !== 'none' || looksLikeTar(head) || (/(^|\/)layer\.tar$/.test(name) && head.length === 0);
    if (isLayer) {
      const blobDigest = digestFromBlobPath(name);
      // An uncompressed OCI blob is named by its diff ID: a cached index makes reading it unnecessary.
      const cached = blobDigest && cache ? await cache.get(blobDigest) : undefined;
      if (cached) {
        // Skipping the parse is safe only for the bytes the name promises: a crafted archive could name a
        // benign cached layer while carrying another. Hashing is much cheaper than indexing.
        const digest = await drainDigest(chunks);
        if (options.verifyDigests !== false && digest !== blobDigest) {
          throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the blob ${name} has the digest ${digest}; the archive is corrupt.`);
        }
        members.set(name, { kind: 'layer', fromCache: true, layer: { name, blobDigest, compression, index: cached } });
        return;
      }
      const indexed = await indexLayer(chunks, {
        name: `layer ${name} of ${where}`,
        signal,
        verifyDigests: options.verifyDigests,
      });
      members.set(name, {
        kind: 'layer',
        fromCache: false,
        layer: { name, blobDigest: indexed.blobDigest, compression: indexed.compression, index: indexed.index },
      });
      return;
    }
    if (looksLikeJson(head) && (header.size ?? 0) <= maxJsonBytes) {
      const data = await collect(chunks, maxJsonBytes, name);
      jsonBytes += data.length;
      if (jsonBytes > maxTotalJsonBytes) {
        throw new LayerLensError('ARCHIVE_CORRUPT', `${where} holds more than ${maxTotalJsonBytes >> 20} MB of metadata: not an image archive.`);
      }
      members.set(name, { kind: 'json', data });
      return;
    }
    await drain(chunks);
  };

  extract.on('entry', (header, stream, next) => {
    handleMember(header, stream as AsyncIterable<Buffer>).then(
      () => next(),
      (error: unknown) => {
        failure ??= error;
        extract.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

  try {
    let bytesRead = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        if (signal?.aborted) throw cancelledError();
        bytesRead += chunk.byteLength;
        options.onProgress?.(bytesRead, options.totalBytes);
        yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    // `docker save | gzip` archives are common; `docker load` reads them, so do we.
    const decompressed = await decompressStream(counted());
    outer = decompressed.stream;
    await feedExtract(decompressed.stream, extract);
    if (signal?.aborted) throw cancelledError();

    const image = await resolveImage(members, links, memberCount, options, where);
    if (cache) {
      const fresh = [...members.values()].filter(
        (member) => member.kind === 'layer' && !member.fromCache && image.layers.some((l) => l.index === member.layer.index),
      );
      cache.putLater((c) =>
        Promise.all([
          ...fresh.map((member) => c.put((member as { layer: AssembledLayer }).layer.index)),
          c.putConfig(image.configDigest, { config: image.config, repoTags: image.repoTags }),
        ]),
      );
    }
    return image;
  } catch (error) {
    outer?.destroy?.();
    extract.destroy();
    if (signal?.aborted) throw cancelledError();
    throw describeFailure(failure ?? error, where);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
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
  const layer = (name: string, what: string): AssembledLayer => {
    const member = lookup(name);
    if (member?.kind !== 'layer') {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the manifest lists ${what}, which is not in the archive.`);
    }
    return member.layer;
  };

  const legacyBytes = json('manifest.json');
  const legacy = legacyBytes ? (parseJson(legacyBytes, `manifest.json of ${where}`) as LegacyManifestEntry[]) : undefined;
  if (legacy !== undefined && !Array.isArray(legacy)) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: manifest.json is not a list of images.`);
  }
  const indexBytes = json('index.json');
  const source = options.source ?? 'archive';

  if (indexBytes) {
    const resolved = await resolveOciIndex(
      parseJson(indexBytes, `index.json of ${where}`),
      async (digest) => json(blobPath(digest)),
      { platform: options.platform, where },
    );
    const configBytes = json(blobPath(resolved.configDigest));
    if (!configBytes) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config ${resolved.configDigest} is not in the archive.`);
    }
    const layers = resolved.layers.map((descriptor) => {
      const found = layer(blobPath(descriptor.digest), `layer blob ${descriptor.digest}`);
      if (found.blobDigest !== undefined && found.blobDigest !== descriptor.digest) {
        throw new LayerLensError(
          'ARCHIVE_CORRUPT',
          `${where}: the blob ${descriptor.digest} has the digest ${found.blobDigest}; the archive is corrupt.`,
        );
      }
      return found;
    });
    const configPath = blobPath(resolved.configDigest);
    const legacyTags = (legacy ?? [])
      .filter((entry) => entry.Config && lookupName(entry.Config, links) === configPath)
      .flatMap((entry) => entry.RepoTags ?? []);
    return assembleImage({ source, repoTags: [...legacyTags, ...resolved.repoTags], configBytes, layers, where });
  }

  if (legacy) {
    const entry = await chooseLegacyEntry(legacy, json, options.platform, where);
    const configBytes = entry.Config ? json(entry.Config) : undefined;
    if (!configBytes) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config ${entry.Config ?? '(none)'} is not in the archive.`);
    }
    const layers = (entry.Layers ?? []).map((name) => layer(name, `layer ${name}`));
    const repoTags = (entry.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(shortRepoTag);
    return assembleImage({ source, repoTags, configBytes, layers, where });
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
  for (const entry of entries) {
    const bytes = entry.Config ? json(entry.Config) : undefined;
    if (!bytes) continue;
    const config = parseJson(bytes, `image config ${entry.Config}`) as { os?: string; architecture?: string; variant?: string };
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
export async function readImageArchiveFile(
  file: string,
  options: Omit<ReadImageArchiveOptions, 'totalBytes'> = {},
): Promise<LoadedImage> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new LayerLensError('INVALID_ARGUMENT', `${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof LayerLensError) throw error;
    throw new LayerLensError('INVALID_ARGUMENT', `Cannot read ${file}: ${(error as Error).message}`, String(error));
  }
  const stream = createReadStream(file);
  try {
    return await readImageArchive(stream, { ...options, totalBytes: size, source: options.source ?? `archive ${file}` });
  } finally {
    stream.destroy();
  }
}
