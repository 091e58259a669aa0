/** The engine's image list as the UI and `layerlens images` show it. */
import type Docker from 'dockerode';
import type { ImageList, ImageSummary } from '../../shared/contract';
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
  const [infos, df] = await Promise.all([
    engineRequest<Docker.ImageInfo[]>(docker, { path: '/images/json', signal }),
    engineRequest<{ LayersSize?: number }>(docker, { path: '/system/df', signal }),
  ]);
  const images = infos.map(toImageSummary).sort((a, b) => b.created - a.created);
  const totalDiskBytes = df.LayersSize ?? images.reduce((sum, image) => sum + image.sizeBytes, 0);
  return { images, totalDiskBytes };
}
