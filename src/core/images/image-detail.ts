/** One image: inspect + history, mapped onto its layers. */
import { imageNotFound } from '../engine/engine-errors';
import type Docker from 'dockerode';
import type { ImageConfigSummary, ImageDetail } from '../../shared/contract';
import { LayerLensError } from '../../shared/errors';
import { engineRequest } from '../engine/engine-request';
import { mapHistoryToLayers, type HistoryStep } from './history-layers';

interface HistoryRecord {
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment?: string;
}

function configSummary(config: Partial<Docker.ImageInspectInfo['Config']> | undefined): ImageConfigSummary {
  const c = (config ?? {}) as Docker.ImageInspectInfo['Config'] & {
    StopSignal?: string;
    Healthcheck?: { Test?: string[] };
  };
  const labels = (c.Labels ?? {}) as Record<string, string>;
  return {
    env: c.Env ?? [],
    cmd: (c.Cmd as string[] | null | undefined) ?? null,
    entrypoint: (c.Entrypoint as string[] | null | undefined) ?? null,
    user: c.User ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    workingDir: c.WorkingDir ?? '',
    labels,
    stopSignal: c.StopSignal || undefined,
    healthcheck: c.Healthcheck?.Test,
  };
}

// Image names and ids as Docker spells them; anything else could address another API path.
const imageRefPattern = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

export function isImageRef(ref: string): boolean {
  return imageRefPattern.test(ref) && !ref.split('/').includes('..');
}

export function validateImageRef(ref: unknown): string {
  const text = typeof ref === 'string' ? ref.trim() : '';
  if (text === '') {
    throw new LayerLensError('INVALID_ARGUMENT', 'An image name or id is required (for example node:18 or sha256:…).');
  }
  if (!isImageRef(text)) {
    throw new LayerLensError('INVALID_ARGUMENT', `"${text}" is not a valid image name or id.`);
  }
  return text;
}

/**
 * `emptyLayersOf(id)`: the image config's `empty_layer` flags per history step, when something (the layer
 * cache) has the config: the mapping of history to layers is then exact, as the analysis makes it.
 */
export async function inspectImage(
  docker: Docker,
  ref: string,
  signal?: AbortSignal,
  emptyLayersOf?: (imageId: string) => Promise<boolean[] | undefined>,
): Promise<Omit<ImageDetail, 'base'> & { labels: Record<string, string> }> {
  let info: Docker.ImageInspectInfo;
  let history: HistoryRecord[];
  try {
    [info, history] = await Promise.all([
      engineRequest<Docker.ImageInspectInfo>(docker, { path: `/images/${ref}/json`, signal }),
      engineRequest<HistoryRecord[]>(docker, { path: `/images/${ref}/history`, signal }),
    ]);
  } catch (error) {
    throw imageNotFound(error, ref);
  }
  const steps: HistoryStep[] = [...history].reverse().map((h) => ({
    createdBy: h.CreatedBy ?? '',
    created: h.Created,
    sizeBytes: h.Size,
    comment: h.Comment,
  }));
  const emptyLayers = await emptyLayersOf?.(info.Id).catch(() => undefined);
  const mapping = mapHistoryToLayers(steps, info.RootFS?.Layers ?? [], emptyLayers);
  const extra = info as Docker.ImageInspectInfo & { Variant?: string };
  return {
    id: info.Id,
    repoTags: (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    repoDigests: info.RepoDigests ?? [],
    created: info.Created,
    sizeBytes: info.Size,
    os: info.Os,
    architecture: info.Architecture,
    variant: extra.Variant || undefined,
    author: info.Author || undefined,
    config: configSummary(info.Config),
    layers: mapping.layers,
    metadataSteps: mapping.metadataSteps,
    historyExact: mapping.exact,
    labels: (info.Config?.Labels ?? {}) as Record<string, string>,
  };
}
