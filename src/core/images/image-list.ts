/** The engine's image list as the UI and `layerlens images` show it. */
import { systemDf } from '../engine/system-df';
import type Docker from 'dockerode';
import type { ImageList, ImageSummary } from '../../shared/contract';
import { engineKind } from '../engine/engine-info';
import { engineRequest } from '../engine/engine-request';

const noTag = '<none>:<none>';

export function toImageSummary(info: Docker.ImageInfo): ImageSummary {
  const repoTags = (info.RepoTags ?? []).filter((t) => t !== noTag);
  const repoDigests = (info.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
  return {
    id: info.Id,
    repoTags,
    repoDigests,
    created: info.Created,
    sizeBytes: info.Size,
    dangling: repoTags.length === 0,
    containers: Math.max(0, info.Containers ?? 0),
  };
}

export async function listImages(docker: Docker, signal?: AbortSignal): Promise<ImageList> {
  const [infos, df] = await Promise.all([engineRequest<Docker.ImageInfo[]>(docker, { path: '/images/json', signal }), systemDf(docker, signal)]);
  const images = infos.map(toImageSummary).sort((a, b) => b.created - a.created);
  let totalDiskBytes = df.LayersSize ?? images.reduce((sum, image) => sum + image.sizeBytes, 0);
  // Podman answers LayersSize 0 whatever it stores: count its layers once from each image's own figures.
  if (!totalDiskBytes && images.length > 0 && (await engineKind(docker, signal)) === 'podman') {
    totalDiskBytes = await podmanLayersSize(
      docker,
      images.map((image) => image.id),
      signal,
    );
  }
  return { images, totalDiskBytes };
}

/** Per image ID (an image never changes): its layers' chain IDs and sizes, or null when they do not pair up. */
const podmanLayers = new Map<string, { chain: string; sizeBytes: number }[] | null>();

/**
 * The bytes of all layers of these images, each layer counted once, from inspect (the diff IDs) and history
 * (the sizes). Podman's history gives a layer step the size of its uncompressed tar, never 0, and a step
 * without a layer 0, so the sized steps are the layers, in order. A layer is the same layer only on the same
 * chain (the diff IDs up to it). An image whose counts disagree adds its whole size.
 */
export async function podmanLayersSize(docker: Docker, ids: string[], signal?: AbortSignal): Promise<number> {
  const pending = ids.filter((id) => !podmanLayers.has(id));
  // A few at a time: a long list must not open hundreds of sockets.
  for (let i = 0; i < pending.length; i += 8) {
    await Promise.all(
      pending.slice(i, i + 8).map(async (id) => {
        const [inspect, history] = await Promise.all([
          engineRequest<{ RootFS?: { Layers?: string[] }; Size: number }>(docker, { path: `/images/${id}/json`, signal }),
          engineRequest<{ Size: number }[]>(docker, { path: `/images/${id}/history`, signal }),
        ]).catch(() => [undefined, undefined] as const);
        if (!inspect || !history) return;
        podmanLayers.set(id, pairLayers(inspect.RootFS?.Layers ?? [], history) ?? [{ chain: id, sizeBytes: inspect.Size }]);
      }),
    );
  }
  const counted = new Map<string, number>();
  for (const id of ids) for (const layer of podmanLayers.get(id) ?? []) counted.set(layer.chain, layer.sizeBytes);
  return [...counted.values()].reduce((sum, size) => sum + size, 0);
}

/** Diff IDs (oldest first) with the sized history steps (newest first, as the Engine API lists them). */
export function pairLayers(diffIds: string[], history: { Size: number }[]): { chain: string; sizeBytes: number }[] | undefined {
  const sizes = history
    .map((step) => step.Size)
    .filter((size) => size > 0)
    .reverse();
  if (sizes.length !== diffIds.length) return undefined;
  return diffIds.map((_, i) => ({ chain: diffIds.slice(0, i + 1).join(','), sizeBytes: sizes[i]! }));
}
