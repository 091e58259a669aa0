/**
 * Removing images, only after the user saw what it frees: a preview says per image what goes (its own
 * bytes; an untag frees nothing while another tag keeps the image) and what cannot (a container uses
 * it); removal then checks that the confirmed figure is still the preview's, so nothing is removed that
 * was not shown. Containers are never removed and nothing is forced.
 */
import { systemDf } from '../engine/system-df';
import type Docker from 'dockerode';
import type { RemovalPreview } from '../../shared/contract';
import { LayerLensError } from '../../shared/errors';
import { engineRequest } from '../engine/engine-request';
import { validateImageRef } from './image-detail';

interface DfImage {
  Id: string;
  Size: number;
  SharedSize: number;
  RepoTags?: string[] | null;
}

const realTags = (tags: string[] | null | undefined) => (tags ?? []).filter((t) => t !== '<none>:<none>');

export async function diskUsage(docker: Docker, signal?: AbortSignal): Promise<Map<string, DfImage>> {
  const df = await systemDf(docker, signal);
  // Podman's df names images by the bare hex ID; its image list (like Docker's) by "sha256:…".
  return new Map((df.Images ?? []).map((image) => [image.Id.includes(':') ? image.Id : `sha256:${image.Id}`, image]));
}

export function ownBytes(image: DfImage | undefined): number {
  if (!image) return 0;
  return image.SharedSize >= 0 ? Math.max(0, image.Size - image.SharedSize) : image.Size;
}

async function containersUsing(docker: Docker, id: string, signal?: AbortSignal): Promise<string[]> {
  const containers = await engineRequest<{ Names?: string[]; State?: string }[]>(docker, {
    path: '/containers/json?',
    query: { all: true, filters: JSON.stringify({ ancestor: [id] }) },
    signal,
  });
  return containers.map((c) => `${(c.Names?.[0] ?? '').replace(/^\//, '') || 'a container'} (${c.State ?? 'stopped'})`);
}

/**
 * The tag a reference names among an image's tags: as written, with the implied `:latest`, or as Podman
 * spells a short name (`localhost/…` when loaded or built, `docker.io/…` when tagged through the compat API).
 * Undefined: the reference named the image by its ID (or digest), not by one of its tags.
 */
export function namedTag(ref: string, tags: string[]): string | undefined {
  const tagged = ref.includes('@') || /:[^/]*$/.test(ref) ? ref : `${ref}:latest`;
  return [ref, tagged, `localhost/${tagged}`, `docker.io/${tagged}`, `docker.io/library/${tagged}`].find((form) => tags.includes(form));
}

export async function previewRemoval(docker: Docker, refs: string[], signal?: AbortSignal): Promise<RemovalPreview> {
  if (!Array.isArray(refs) || refs.length === 0) throw new LayerLensError('INVALID_ARGUMENT', 'Name at least one image to remove.');
  const usage = await diskUsage(docker, signal);
  const images: RemovalPreview['images'] = [];
  // Which tags each image loses: an image goes only when all its tags (or its id) are removed.
  const losing = new Map<string, { tags: Set<string>; byId: boolean; allTags: string[] }>();
  for (const raw of refs) {
    const ref = validateImageRef(raw);
    let info: { Id: string; RepoTags?: string[] | null };
    try {
      info = await engineRequest(docker, { path: `/images/${ref}/json`, signal });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw new LayerLensError('IMAGE_NOT_FOUND', `No image "${ref}" in the engine.`);
      throw error;
    }
    const entry = losing.get(info.Id) ?? { tags: new Set<string>(), byId: false, allTags: realTags(info.RepoTags) };
    const tag = namedTag(ref, entry.allTags);
    if (tag) entry.tags.add(tag);
    else entry.byId = true;
    losing.set(info.Id, entry);
  }
  for (const [id, entry] of losing) {
    const removesImage = entry.byId || entry.allTags.every((t) => entry.tags.has(t));
    const users = removesImage ? await containersUsing(docker, id, signal) : [];
    images.push({
      id,
      names: entry.allTags.length > 0 ? (removesImage ? entry.allTags : [...entry.tags]) : ['<none>'],
      freedBytes: removesImage && users.length === 0 ? ownBytes(usage.get(id)) : 0,
      ...(users.length > 0 ? { blocked: `used by ${users.join(', ')}: remove ${users.length === 1 ? 'it' : 'them'} first` } : {}),
    });
  }
  return { images, freedBytes: images.reduce((sum, image) => sum + image.freedBytes, 0) };
}

function checkConfirmed(preview: RemovalPreview, confirmedBytes: unknown): void {
  if (typeof confirmedBytes !== 'number' || confirmedBytes !== preview.freedBytes) {
    throw new LayerLensError('INVALID_ARGUMENT', 'The images changed since you confirmed; review what would be removed again.');
  }
}

async function remove(
  docker: Docker,
  preview: RemovalPreview,
  refsOf: (image: RemovalPreview['images'][number]) => string[],
  signal?: AbortSignal,
): Promise<RemovalPreview> {
  const done: RemovalPreview['images'] = [];
  for (const image of preview.images) {
    if (image.blocked) continue;
    for (const ref of refsOf(image)) {
      await engineRequest(docker, { path: `/images/${ref}?`, method: 'DELETE', query: { force: false, noprune: false }, signal });
    }
    done.push(image);
  }
  return { images: done, freedBytes: done.reduce((sum, image) => sum + image.freedBytes, 0) };
}

export async function removeImages(docker: Docker, refs: string[], confirmedBytes: unknown, signal?: AbortSignal): Promise<RemovalPreview> {
  const preview = await previewRemoval(docker, refs, signal);
  checkConfirmed(preview, confirmedBytes);
  // Tag by tag (the last one takes the image with it; deleting by id would need force), or by id when untagged.
  return remove(docker, preview, (image) => (image.names[0] === '<none>' ? [image.id] : image.names), signal);
}

async function danglingIds(docker: Docker, signal?: AbortSignal): Promise<string[]> {
  const list = await engineRequest<{ Id: string }[]>(docker, {
    path: '/images/json?',
    query: { filters: JSON.stringify({ dangling: ['true'] }) },
    signal,
  });
  return list.map((image) => image.Id);
}

export async function previewPrune(docker: Docker, signal?: AbortSignal): Promise<RemovalPreview> {
  const ids = await danglingIds(docker, signal);
  return ids.length === 0 ? { images: [], freedBytes: 0 } : previewRemoval(docker, ids, signal);
}

export async function pruneImages(docker: Docker, confirmedBytes: unknown, signal?: AbortSignal): Promise<RemovalPreview> {
  const preview = await previewPrune(docker, signal);
  checkConfirmed(preview, confirmedBytes);
  return remove(docker, preview, (image) => [image.id], signal);
}
