/**
 * The rebuild of a plan: the original image (reused when its tag exists, built otherwise), then the lean
 * candidates from the most aggressive, each built beside it and, with verification, run against it; the
 * first that behaves like the original is kept and tagged (never moving another image's tag unless asked),
 * the others are removed with the reason they failed. Without verification the proposed candidate is built
 * and labelled unverified. Then both images' configs are compared and the claims measured in their layers.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { LayerLensError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import type { BuiltImage, CandidateAttempt, LeanCandidate, OptimizePlan, RebuildResult, VerifyResult, VerifySettings } from '../../shared/rebuild';
import { LayerIndexCache } from '../archive/layer-cache';
import { engineRequest } from '../engine/engine-request';
import { isConnectionLoss } from '../engine/engine-errors';
import { buildImage } from './build-image';
import type { BuildEvent } from './build-progress';
import { compareImageConfigs } from './config-compare';
import { imageIdOf, tagImage, validateTag } from '../images/image-tags';
import { measureClaims } from './lean-measure';
import { verifyImages, type Observation } from './verify-images';

export type SearchPhase = 'build-original' | 'build-lean' | 'verify' | 'measure';

export interface SearchProgress {
  phase: SearchPhase;
  event: BuildEvent | { type: 'message'; line: string };
}

export interface LeanSearchRequest {
  plan: OptimizePlan;
  /** The original image's name: reused when it exists, else built from the original Dockerfile and tagged so. */
  image: string;
  leanTag: string;
  /** Allow moving an existing lean tag to the new image. */
  replaceTags?: boolean;
  buildArgs?: Record<string, string>;
  target?: string;
  /** Verify and let verification choose; null builds the proposed candidate unverified. */
  verify: VerifySettings | null;
  /** Build-argument names that hold secrets (from the plan), for the measured claims. */
  secretArgs?: string[];
  /** The layer cache for the measured claims (default: none). */
  cacheDir?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SearchProgress) => void;
}

/** A gain below this share of the original is no gain: the original is already lean. */
const minimumGain = 0.05;

async function sizeOf(docker: Docker, id: string, signal?: AbortSignal): Promise<number> {
  return (await engineRequest<{ Size: number }>(docker, { path: `/images/${id}/json`, signal })).Size;
}

async function removeImage(docker: Docker, id: string): Promise<void> {
  await engineRequest(docker, {
    path: `/images/${id}?`,
    method: 'DELETE',
    query: { noprune: false },
    statusCodes: { 200: true, 404: true, 409: true },
  }).catch(() => undefined);
}

/** The Dockerfile's name in the build context; one outside the context travels under a name of its own. */
function dockerfileInContext(plan: OptimizePlan): string {
  const relative = path.relative(plan.contextDir, plan.dockerfilePath).split(path.sep).join('/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? '.layerlens.Dockerfile' : relative;
}

function tail(text: string | undefined, lines = 12): string {
  return (text ?? '').split('\n').slice(-lines).join('\n');
}

export async function searchLean(docker: Docker, request: LeanSearchRequest): Promise<RebuildResult> {
  const { plan, signal } = request;
  if (plan.kind !== 'lean-rewrite' || plan.candidates.length === 0) {
    throw new LayerLensError('INVALID_ARGUMENT', `Nothing to build: ${plan.messages[0] ?? 'no lean candidate'}`);
  }
  validateTag(request.image);
  validateTag(request.leanTag);
  if (request.leanTag === request.image) throw new LayerLensError('INVALID_ARGUMENT', 'The lean tag must differ from the original image name.');
  const existingLean = await imageIdOf(docker, request.leanTag, signal);
  if (existingLean && !request.replaceTags) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${request.leanTag} already exists; LayerLens does not move existing tags. Choose another tag or allow replacing it.`,
    );
  }
  const say = (phase: SearchPhase, line: string) => request.onProgress?.({ phase, event: { type: 'message', line } });
  const forward = (phase: SearchPhase) => (event: BuildEvent) => request.onProgress?.({ phase, event });
  const dockerfileName = dockerfileInContext(plan);

  // The original: reused, or built from the original Dockerfile exactly as written.
  let original: BuiltImage;
  const existing = await imageIdOf(docker, request.image, signal);
  if (existing) {
    original = { image: request.image, id: existing.id, sizeBytes: existing.size, built: false };
    say('build-original', `using the existing image ${request.image}`);
  } else {
    const built = await buildImage(docker, {
      contextDir: plan.contextDir,
      dockerfile: dockerfileName,
      ...(dockerfileName === '.layerlens.Dockerfile' ? { dockerfileContent: plan.original } : {}),
      buildArgs: request.buildArgs,
      target: request.target,
      signal,
      onEvent: forward('build-original'),
    });
    await tagImage(docker, built.imageId, request.image, { signal });
    original = {
      image: request.image,
      id: built.imageId,
      sizeBytes: await sizeOf(docker, built.imageId, signal),
      built: true,
      durationMs: built.durationMs,
    };
  }

  const existedBefore = new Set(
    (await engineRequest<{ Id: string }[]>(docker, { path: '/images/json?', query: { all: true }, signal })).map((i) => i.Id),
  );
  const attempts: CandidateAttempt[] = [];
  const leanName = `${dockerfileName === '.layerlens.Dockerfile' ? path.basename(plan.dockerfilePath) : dockerfileName}.lean`;
  const toTry: LeanCandidate[] = request.verify ? plan.candidates : plan.candidates.filter((c) => c.id === plan.proposed);
  let chosen: { candidate: LeanCandidate; image: BuiltImage; verify?: VerifyResult } | undefined;
  let originalObservation: Observation | undefined;
  const builtIds: string[] = [];

  for (const candidate of plan.candidates) {
    if (!toTry.includes(candidate)) {
      attempts.push({
        candidate: candidate.id,
        label: candidate.label,
        outcome: 'not-tried',
        reason: 'verification was not asked for: only the proposed candidate is built',
      });
      continue;
    }
    if (chosen) {
      attempts.push({
        candidate: candidate.id,
        label: candidate.label,
        outcome: 'not-needed',
        reason: `a more aggressive candidate (${chosen.candidate.id}) behaves like the original`,
      });
      continue;
    }
    if (candidate.problems.length > 0) {
      attempts.push({ candidate: candidate.id, label: candidate.label, outcome: 'not-tried', reason: candidate.problems.join('; ') });
      continue;
    }
    say('build-lean', `building ${candidate.id}: ${candidate.label}`);
    let image: BuiltImage;
    try {
      const built = await buildImage(docker, {
        contextDir: plan.contextDir,
        dockerfile: leanName,
        dockerfileContent: candidate.dockerfile,
        ignoreRules: plan.dockerignore?.merged ?? undefined,
        buildArgs: request.buildArgs,
        signal,
        onEvent: forward('build-lean'),
      });
      if (!existedBefore.has(built.imageId)) builtIds.push(built.imageId);
      image = {
        image: request.leanTag,
        id: built.imageId,
        sizeBytes: await sizeOf(docker, built.imageId, signal),
        built: true,
        durationMs: built.durationMs,
      };
    } catch (error) {
      if (!(error instanceof LayerLensError) || error.code !== 'BUILD_FAILED') throw error;
      attempts.push({
        candidate: candidate.id,
        label: candidate.label,
        outcome: 'failed-build',
        reason: `${error.message}${error.detail ? `\n${tail(error.detail)}` : ''}`,
      });
      say('build-lean', `${candidate.id} did not build: ${error.message}`);
      continue;
    }
    if (!request.verify) {
      chosen = { candidate, image };
      attempts.push({ candidate: candidate.id, label: candidate.label, outcome: 'chosen', reason: 'the proposed candidate (not verified)', image });
      continue;
    }
    say('verify', `verifying ${candidate.id} against ${original.image}`);
    const verify = await verifyImages(docker, {
      ...request.verify,
      original: original.id,
      lean: image.id,
      originalObservation,
      signal,
      onEvent: (line) => say('verify', line),
    });
    originalObservation = verify.observation;
    const { observation: _observation, ...result } = verify;
    if (result.passed) {
      chosen = { candidate, image, verify: result };
      attempts.push({ candidate: candidate.id, label: candidate.label, outcome: 'chosen', reason: result.summary, image, verify: result });
    } else {
      attempts.push({
        candidate: candidate.id,
        label: candidate.label,
        outcome: result.verdict === 'cannot-verify' ? 'cannot-verify' : 'failed-verify',
        reason: result.summary,
        image,
        verify: result,
      });
      say('verify', `${candidate.id}: ${result.summary}`);
    }
  }

  // Failed candidates built here are removed; the chosen one is kept (and tagged below).
  for (const id of builtIds) if (id !== chosen?.image.id) await removeImage(docker, id);

  const base = { original, attempts, config: [] as RebuildResult['config'] };
  if (!chosen) {
    const cannot = attempts.filter((a) => a.outcome === 'cannot-verify');
    return {
      ...base,
      lean: null,
      verdict: 'no-candidate',
      chosen: null,
      ratio: 1,
      savedBytes: 0,
      summary:
        cannot.length > 0
          ? `No candidate could be verified: ${cannot[0]!.reason}.`
          : `No lean candidate behaves like the original: ${attempts.map((a) => `${a.candidate} (${a.label}): ${a.reason.split('\n')[0]}`).join('; ')}.`,
    };
  }
  const saved = original.sizeBytes - chosen.image.sizeBytes;
  if (saved < original.sizeBytes * minimumGain) {
    if (builtIds.includes(chosen.image.id)) await removeImage(docker, chosen.image.id);
    return {
      ...base,
      lean: null,
      verdict: 'already-lean',
      chosen: null,
      ratio: 1,
      savedBytes: 0,
      ...(chosen.verify ? { verify: chosen.verify } : {}),
      summary: `Already lean: the best candidate (${chosen.candidate.label}) is ${formatBytes(chosen.image.sizeBytes)} against the original's ${formatBytes(original.sizeBytes)}, ${saved > 0 ? `${formatBytes(saved)} smaller` : 'no smaller'}, under the ${minimumGain * 100} % that would be worth a change.`,
    };
  }
  await tagImage(docker, chosen.image.id, request.leanTag, { replace: request.replaceTags, signal });
  const config = await compareImageConfigs(docker, original.id, chosen.image.id, chosen.candidate.changes, signal);
  say('measure', 'measuring devDependencies and secrets in both images');
  const measured = await measureClaims(docker, {
    original: original.id,
    lean: chosen.image.id,
    projectDirs: plan.projectDirs,
    devDependencies: plan.project?.devDependencies ?? [],
    secretArgs: request.secretArgs ?? [],
    ...(request.cacheDir ? { cache: new LayerIndexCache({ dir: request.cacheDir }) } : {}),
    signal,
  }).catch((error: unknown) => {
    // No measurement, no claim: the result says nothing about devDependencies or secrets then.
    if (signal?.aborted || isConnectionLoss(error)) throw error;
    say('measure', `could not measure the images: ${(error as Error).message}`);
    return undefined;
  });
  const failedBefore = attempts.filter(
    (a) =>
      a.outcome === 'failed-build' || a.outcome === 'failed-verify' || a.outcome === 'cannot-verify' || (a.outcome === 'not-tried' && request.verify),
  );
  const verdict = request.verify ? 'lean' : 'unverified';
  return {
    ...base,
    lean: chosen.image,
    verdict,
    chosen: chosen.candidate.id,
    ratio: chosen.image.sizeBytes / original.sizeBytes,
    savedBytes: saved,
    ...(chosen.verify ? { verify: chosen.verify } : {}),
    config,
    ...(measured ? { measured } : {}),
    summary:
      `${request.verify ? 'Chosen' : 'Built, not verified'}: ${chosen.candidate.id} (${chosen.candidate.label}), ${formatBytes(chosen.image.sizeBytes)} against ${formatBytes(original.sizeBytes)} (${formatBytes(saved)} smaller).` +
      (chosen.verify ? ` Verification: ${chosen.verify.summary}.` : ' Run with verification to prove it behaves like the original.') +
      (failedBefore.length > 0
        ? ` More aggressive candidates: ${failedBefore.map((a) => `${a.candidate} ${a.reason.split('\n')[0]}`).join('; ')}.`
        : ''),
  };
}
