/**
 * An image from the engine: inspect it (ID, tags, diff IDs); when the cache holds its config and every
 * layer index, that is the whole answer and the image is not exported at all. Otherwise the engine's
 * `docker save` stream (`GET /images/{name}/get`) is read in one pass by the archive reader, cancellable
 * down to the socket, with the inspect size as the progress total.
 */
import type Docker from 'dockerode';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { DirectStreamUnsupported, openDirectStream } from '../engine/direct-stream';
import { imageNotFound, isAbort, isConnectionLoss } from '../engine/engine-errors';
import { engineRequest, engineStream } from '../engine/engine-request';
import { validateImageRef } from '../images/image-detail';
import { readImageArchive } from './archive-reader';
import type { ByteSource } from './byte-sink';
import { readAhead } from './read-ahead';
import { ReadBudget } from './read-budget';
import type { LayerIndexCache } from './layer-cache';
import type { LoadedImage, LoadedLayer } from './model';

/** How far the export may run ahead of the parser: enough to keep the engine busy, small next to 300 MB. */
const readAheadBytes = 8 * 1024 * 1024;

interface ExportBody {
  source: ByteSource;
  destroy(): void;
}

/** The export body: straight off the socket when the transport allows (much cheaper), else via the modem. */
async function openExport(docker: Docker, path: string, signal: AbortSignal | undefined): Promise<ExportBody> {
  try {
    const direct = await openDirectStream(docker, { path, signal });
    return { source: direct, destroy: () => direct.destroy() };
  } catch (error) {
    if (!(error instanceof DirectStreamUnsupported)) throw error;
  }
  const stream = await engineStream(docker, { path, signal });
  return { source: readAhead(stream, readAheadBytes), destroy: () => stream.destroy() };
}

export interface ReadEngineImageOptions {
  signal?: AbortSignal;
  /** Bytes of the exported archive read so far; the total is the image size from inspect (approximate). */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  /** Every second while the engine prepares the export (before its first byte): the seconds waited. */
  onWaiting?: (seconds: number) => void;
  cache?: LayerIndexCache;
}

interface InspectInfo {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
  RootFS?: { Layers?: string[] };
}

function engineFailure(error: unknown, ref: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || isAbort(error)) return cancelledError();
  return imageNotFound(error, ref);
}

async function fromCache(
  cache: LayerIndexCache,
  info: InspectInfo,
  source: string,
  repoTags: string[],
  signal: AbortSignal | undefined,
): Promise<LoadedImage | undefined> {
  const diffIds = info.RootFS?.Layers ?? [];
  const cached = await cache.getConfig(info.Id);
  const configDiffIds = cached?.config.rootfs?.diff_ids ?? [];
  if (!cached || configDiffIds.length !== diffIds.length || configDiffIds.some((d, i) => d !== diffIds[i])) {
    return undefined;
  }
  const layers: LoadedLayer[] = [];
  const budget = new ReadBudget();
  for (const diffId of diffIds) {
    if (signal?.aborted) throw cancelledError();
    const index = await cache.get(diffId, signal);
    if (!index) return undefined;
    layers.push({ diffId, blobDigest: diffId, compression: 'none', index: budget.admit(index) });
  }
  return { source, repoTags, configDigest: info.Id, config: cached.config, layers };
}

export async function readEngineImage(docker: Docker, ref: string, options: ReadEngineImageOptions = {}): Promise<LoadedImage> {
  const { signal, cache } = options;
  const name = validateImageRef(ref);
  if (signal?.aborted) throw cancelledError();

  let info: InspectInfo;
  try {
    info = await engineRequest<InspectInfo>(docker, { path: `/images/${name}/json`, signal });
  } catch (error) {
    throw engineFailure(error, name, signal);
  }
  const source = `engine image ${name}`;
  const repoTags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>');

  if (cache) {
    const image = await fromCache(cache, info, source, repoTags, signal);
    if (image) return image;
  }

  let body: ExportBody;
  // dockerd prepares the whole export before its first byte (seconds for a large image): say so as it waits.
  const started = Date.now();
  options.onWaiting?.(0);
  const ticker = setInterval(() => options.onWaiting?.(Math.round((Date.now() - started) / 1000)), 1000);
  try {
    body = await openExport(docker, `/images/${name}/get`, signal);
  } catch (error) {
    throw engineFailure(error, name, signal);
  } finally {
    clearInterval(ticker);
  }
  let bytesRead = 0;
  try {
    const image = await readImageArchive(body.source, {
      signal,
      cache,
      source,
      totalBytes: info.Size,
      onProgress: (read, total) => {
        bytesRead = read;
        options.onProgress?.(read, total);
      },
      // The engine vouches for its own layers (inspect gave their diff IDs); re-hashing a gigabyte twice
      // would double the read time.
      verifyDigests: false,
    });
    return { ...image, repoTags: repoTags.length > 0 ? repoTags : image.repoTags };
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw await exportCut(docker, error, name, bytesRead);
  } finally {
    body.destroy();
  }
}

/**
 * An export that broke off is the connection's fault, not the image's: the engine's images are not
 * corrupt archives. Whether the engine still answers tells "lost" from "cut short".
 */
async function exportCut(docker: Docker, error: unknown, name: string, bytesRead: number): Promise<unknown> {
  const broken = isConnectionLoss(error) || (error instanceof LayerLensError && error.code === 'ARCHIVE_CORRUPT');
  if (!broken) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const after = `after ${formatBytes(bytesRead)}`;
  const answers = await engineRequest(docker, { path: '/_ping', signal: AbortSignal.timeout(3000) }).then(
    () => true,
    () => false,
  );
  return answers
    ? new LayerLensError('ARCHIVE_CORRUPT', `The engine's export of ${name} stopped ${after} (the connection closed mid-stream). Try again.`, detail)
    : new LayerLensError(
        'DOCKER_UNREACHABLE',
        `The connection to the engine was lost while exporting ${name} (${after}). Check that the engine is running, then try again.`,
        detail,
      );
}
