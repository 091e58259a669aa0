/**
 * Image names for the rebuild: `<repo>:<tag>-lean` by default, and tagging that never moves an existing
 * tag unless asked.
 */
import type Docker from 'dockerode';
import { LayerLensError } from '../../shared/errors';
import { engineRequest } from '../engine/engine-request';
import { isImageRef } from './image-detail';

export function splitTag(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

export function leanTagFor(ref: string): string {
  const { repo, tag } = splitTag(ref);
  return `${repo}:${tag}-lean`;
}

/** A default name for the original image, from the context directory's name. */
export function defaultImageName(contextDir: string): string {
  const base = contextDir.split(/[\\/]/).filter(Boolean).pop() ?? 'app';
  const repo =
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'app';
  return `${repo}:latest`;
}

export function validateTag(ref: string): void {
  const { repo, tag } = splitTag(ref);
  if (
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo) ||
    !/^[\w][\w.-]{0,127}$/.test(tag)
  ) {
    throw new LayerLensError('INVALID_ARGUMENT', `"${ref}" is not a valid image name (repo:tag, lowercase).`);
  }
}

/** The image id a reference points to, or null when it does not exist. */
export async function imageIdOf(docker: Docker, ref: string, signal?: AbortSignal): Promise<{ id: string; size: number } | null> {
  // Names come from Dockerfiles and the UI: one that is not an image reference is not asked about at all.
  if (!isImageRef(ref)) return null;
  try {
    const info = await engineRequest<{ Id: string; Size: number }>(docker, {
      path: `/images/${ref}/json`,
      signal,
      statusCodes: { 200: true, 404: 'not found' },
    });
    return { id: info.Id, size: info.Size };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/**
 * Points `ref` at `imageId`. When `ref` already names another image it is left alone (INVALID_ARGUMENT)
 * unless `replace` is set.
 */
export async function tagImage(
  docker: Docker,
  imageId: string,
  ref: string,
  options: { replace?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  validateTag(ref);
  const existing = await imageIdOf(docker, ref, options.signal);
  if (existing && existing.id !== imageId && !options.replace) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${ref} already names another image (${existing.id.slice(7, 19)}); LayerLens does not move existing tags. Choose another tag or allow replacing it.`,
    );
  }
  const { repo, tag } = splitTag(ref);
  await engineRequest(docker, {
    path: `/images/${imageId}/tag?`,
    method: 'POST',
    query: { repo, tag },
    signal: options.signal,
    statusCodes: { 201: true, 200: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict' },
  });
}
