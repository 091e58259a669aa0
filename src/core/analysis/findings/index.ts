/** Runs every finding module; largest bytes first. */
import type { Duplicates } from '../duplicates';
import { buildToolchainFindings } from './build-toolchain';
import { devDependencyFindings } from './dev-dependencies';
import { duplicateFileFindings } from './duplicate-files';
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { hiddenByLaterLayerFindings } from './hidden-by-later-layer';
import { largeBaseImageFindings } from './large-base-image';
import { packageCacheFindings } from './package-cache';
import { permissionRewriteFindings } from './permission-rewrite';
import { testsDocsSourcemapsFindings } from './tests-docs-sourcemaps';
import { vcsDirectoryFindings } from './vcs-directory';

export type { FindingContext, RawFinding, StoredRef } from './finding';

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

/** Σ bytes of the distinct stored copies the findings point at (a copy named by two findings counts once). */
export function distinctStoredBytes(findings: RawFinding[]): number {
  const seen = new Map<string, StoredRef>();
  for (const finding of findings) for (const ref of finding.stored) seen.set(`${ref.layer}\u0000${ref.path}`, ref);
  let total = 0;
  for (const ref of seen.values()) total += ref.bytes;
  return total;
}
