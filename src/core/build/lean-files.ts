/**
 * Writes the proposal beside the original: `Dockerfile.lean` (or the chosen name) and its ignore file
 * `Dockerfile.lean.dockerignore` (BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile it
 * builds), atomically (temp file + link/rename). Never the user's Dockerfile or .dockerignore, and an
 * existing lean file is kept (reported) unless overwriting is asked for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';
import { writeFileAtomicSync } from '../fs/atomic-write';
import type { LeanFiles, WrittenFile } from '../../shared/rebuild';

// The result types are part of the contract (shared/rebuild.ts); re-exported for core's callers.
export type { LeanFiles, WrittenFile };

/** Writes `content` to `target` atomically; with `overwrite` false an existing file is never replaced. */
export function writeAtomic(target: string, content: string, overwrite: boolean): WrittenFile {
  if (fs.existsSync(target)) {
    if (fs.readFileSync(target, 'utf8') === content) return { path: target, status: 'unchanged' };
    if (!overwrite) return { path: target, status: 'kept' };
  }
  // Without `overwrite`, a file that appeared meanwhile is never clobbered.
  const result = writeFileAtomicSync(target, content, { noClobber: !overwrite });
  return { path: target, status: result === 'exists' ? 'kept' : 'written' };
}

export interface LeanFilesRequest {
  contextDir: string;
  /** The original Dockerfile (absolute). */
  dockerfilePath: string;
  dockerfile: string;
  dockerignore?: string | null;
  /** Where to write the Dockerfile (default: `<original>.lean` beside it). */
  out?: string;
  overwrite?: boolean;
}

export function leanDockerfilePath(dockerfilePath: string, out?: string): string {
  return out ? path.resolve(out) : `${dockerfilePath}.lean`;
}

/** The ignore file BuildKit pairs with a Dockerfile. */
export function leanDockerignorePath(leanDockerfile: string): string {
  return `${leanDockerfile}.dockerignore`;
}

export function writeLeanFiles(request: LeanFilesRequest): LeanFiles {
  const target = leanDockerfilePath(request.dockerfilePath, request.out);
  const protectedFiles = [
    path.resolve(request.dockerfilePath),
    path.resolve(request.contextDir, '.dockerignore'),
    leanDockerignorePath(path.resolve(request.dockerfilePath)),
  ];
  if (protectedFiles.includes(target) || protectedFiles.includes(leanDockerignorePath(target))) {
    throw new LayerLensError('INVALID_ARGUMENT', `LayerLens never overwrites ${path.basename(target)} or your ignore files: choose another --out.`);
  }
  const result: LeanFiles = { dockerfile: writeAtomic(target, request.dockerfile, request.overwrite === true) };
  if (request.dockerignore) {
    result.dockerignore = writeAtomic(leanDockerignorePath(target), request.dockerignore, request.overwrite === true);
  }
  return result;
}
