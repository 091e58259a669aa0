/**
 * The rebuild of a plan: the original image (reused when its tag exists, built otherwise), the lean image
 * from the proposed Dockerfile and .dockerignore (tagged `<repo>:<tag>-lean`, never moving another image's
 * tag unless asked), then optionally the verification of the two. Progress per phase; one AbortSignal.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { LayerLensError } from '../../shared/errors';
import type { OptimizePlan } from '../dockerfile/types';
import { engineRequest } from '../engine/engine-request';
import { buildImage } from './build-image';
import type { BuildEvent } from './build-progress';
import { defaultImageName, imageIdOf, leanTagFor, tagImage, validateTag } from './image-tags';
import { verifyImages } from './verify-images';
import type { BuiltImage, RebuildResult } from '../../shared/rebuild';

// The result types are part of the contract (shared/rebuild.ts); re-exported for core's callers.
export type { BuiltImage, RebuildResult };

export type RebuildPhase = 'build-original' | 'build-lean' | 'verify';

export interface RebuildProgress {
  phase: RebuildPhase;
  event: BuildEvent | { type: 'message'; line: string };
}

export interface RebuildRequest {
  plan: OptimizePlan;
  /** The original image's name (default: from the context directory). Reused when it exists. */
  image?: string;
  /** Default `<repo>:<tag>-lean` of `image`. */
  leanTag?: string;
  /** Allow moving an existing lean tag to the new image. */
  replaceTags?: boolean;
  /** Name of the lean Dockerfile inside the context (default `<Dockerfile>.lean`). */
  leanDockerfileName?: string;
  buildArgs?: Record<string, string>;
  /** Verify after building; null/undefined: do not. */
  verify?: { paths?: string[]; timeoutMs?: number; port?: number } | null;
  signal?: AbortSignal;
  onProgress?: (progress: RebuildProgress) => void;
}

async function sizeOf(docker: Docker, id: string, signal?: AbortSignal): Promise<number> {
  return (await engineRequest<{ Size: number }>(docker, { path: `/images/${id}/json`, signal })).Size;
}

export async function rebuildLean(docker: Docker, request: RebuildRequest): Promise<RebuildResult> {
  const { plan, signal } = request;
  if (plan.kind !== 'node-rewrite' || !plan.dockerfile) {
    throw new LayerLensError('INVALID_ARGUMENT', 'There is no lean Dockerfile to build: the rewrite covers Node.js projects.');
  }
  const image = request.image ?? defaultImageName(plan.contextDir);
  validateTag(image);
  const leanTag = request.leanTag ?? leanTagFor(image);
  validateTag(leanTag);
  const existingLean = await imageIdOf(docker, leanTag, signal);
  if (existingLean && !request.replaceTags) {
    throw new LayerLensError('INVALID_ARGUMENT', `${leanTag} already exists; LayerLens does not move existing tags. Choose another tag or allow replacing it.`);
  }
  const progress = (phase: RebuildPhase) => (event: BuildEvent) => request.onProgress?.({ phase, event });

  let original: BuiltImage;
  const existing = await imageIdOf(docker, image, signal);
  if (existing) {
    original = { image, id: existing.id, sizeBytes: existing.size, built: false };
    request.onProgress?.({ phase: 'build-original', event: { type: 'message', line: `using the existing image ${image}` } });
  } else {
    const built = await buildImage(docker, {
      contextDir: plan.contextDir,
      dockerfile: plan.dockerfileName,
      buildArgs: request.buildArgs,
      signal,
      onEvent: progress('build-original'),
    });
    await tagImage(docker, built.imageId, image, { signal });
    original = { image, id: built.imageId, sizeBytes: await sizeOf(docker, built.imageId, signal), built: true, durationMs: built.durationMs };
  }

  const leanName = request.leanDockerfileName ?? `${plan.dockerfileName}.lean`;
  if (leanName.startsWith('..') || path.isAbsolute(leanName)) {
    throw new LayerLensError('INVALID_ARGUMENT', `The lean Dockerfile must be inside the build context, not ${leanName}.`);
  }
  // What existed before the build: a fully cached build can yield an image the user already has, and that
  // one must survive a failed tag or a cancel.
  const existedBefore = new Set(
    (await engineRequest<{ Id: string }[]>(docker, { path: '/images/json?', query: { all: true }, signal })).map((i) => i.Id),
  );
  const built = await buildImage(docker, {
    contextDir: plan.contextDir,
    dockerfile: leanName,
    dockerfileContent: plan.dockerfile,
    ignoreRules: plan.dockerignore?.merged ?? undefined,
    buildArgs: request.buildArgs,
    signal,
    onEvent: progress('build-lean'),
  });
  try {
    await tagImage(docker, built.imageId, leanTag, { replace: request.replaceTags, signal });
  } catch (error) {
    if (!existedBefore.has(built.imageId)) {
      await engineRequest(docker, {
        path: `/images/${built.imageId}?`,
        method: 'DELETE',
        query: { noprune: true },
        statusCodes: { 200: true, 404: true, 409: true },
      }).catch(() => undefined);
    }
    throw error;
  }
  const lean: BuiltImage = { image: leanTag, id: built.imageId, sizeBytes: await sizeOf(docker, built.imageId, signal), built: true, durationMs: built.durationMs };
  const result: RebuildResult = { original, lean, ratio: lean.sizeBytes / original.sizeBytes, savedBytes: original.sizeBytes - lean.sizeBytes };
  if (request.verify) {
    result.verify = await verifyImages(docker, {
      original: original.id,
      lean: lean.id,
      ...request.verify,
      signal,
      onEvent: (line) => request.onProgress?.({ phase: 'verify', event: { type: 'message', line } }),
    });
  }
  return result;
}
