/** Runs every finding module; largest bytes first. */
import type { Duplicates } from '../duplicates';
import { stringHash } from '../path-tree';
import { buildToolchainFindings } from './build-toolchain';
import { devDependencyFindings } from './dev-dependencies';
import { duplicateFileFindings } from './duplicate-files';
import type { FindingContext, RawFinding } from './finding';
import { hiddenByLaterLayerFindings } from './hidden-by-later-layer';
import { largeBaseImageFindings } from './large-base-image';
import { packageCacheFindings } from './package-cache';
import { permissionRewriteFindings } from './permission-rewrite';
import { testsDocsSourcemapsFindings } from './tests-docs-sourcemaps';
import { vcsDirectoryFindings } from './vcs-directory';

export type { FindingContext, RawFinding, StoredRef, StoredRefs } from './finding';

export function allFindings(context: FindingContext, duplicates: Duplicates): RawFinding[] {
  return [
    ...packageCacheFindings(context),
    ...devDependencyFindings(context),
    ...buildToolchainFindings(context),
    ...vcsDirectoryFindings(context),
    ...testsDocsSourcemapsFindings(context),
    ...hiddenByLaterLayerFindings(context),
    ...permissionRewriteFindings(context),
    ...duplicateFileFindings(context, duplicates),
    ...largeBaseImageFindings(context),
  ].sort((a, b) => b.bytes - a.bytes || a.category.localeCompare(b.category) || a.layerIndex - b.layerIndex);
}

/**
 * Σ bytes of the distinct stored copies the findings point at (a copy named by two findings counts once,
 * with the bytes of the last ref to it). Without a key per ref: refs whose 32-bit hash of layer and path
 * is unique are distinct; only those whose hash recurs are told apart by key.
 */
export function distinctStoredBytes(findings: RawFinding[]): number {
  const lists = findings.map((finding) => finding.stored);
  const hashes = new Uint32Array(lists.reduce((sum, refs) => sum + refs.length, 0));
  let at = 0;
  for (const refs of lists)
    for (let i = 0; i < refs.length; i++) hashes[at++] = (stringHash(refs.path(i)) ^ Math.imul(refs.layer(i) + 1, 0x9e3779b1)) >>> 0;
  const sorted = hashes.slice().sort();
  const recurring = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) recurring.add(sorted[i]);
  const lastOf = new Map<string, number>();
  let total = 0;
  at = 0;
  for (const refs of lists) {
    for (let i = 0; i < refs.length; i++) {
      if (recurring.has(hashes[at++])) lastOf.set(`${refs.layer(i)}\u0000${refs.path(i)}`, refs.bytes(i));
      else total += refs.bytes(i);
    }
  }
  for (const bytes of lastOf.values()) total += bytes;
  return total;
}
