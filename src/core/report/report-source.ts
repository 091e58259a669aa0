/**
 * What a report needs of one image, read in ONE pass: the analysis (the same `analyzeImage` the app shows)
 * and the treemap of the final filesystem, which the analysis DTO does not carry. Reads through the
 * on-disk layer index cache, so an image analysed before is not exported again.
 */
import type Docker from 'dockerode';
import type { AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import { cancelledError } from '../../shared/errors';
import type { ReportTreemap } from '../../shared/report';
import { analyzeImage } from '../analysis/analyze';
import { readSource } from '../api/image-analysis';
import { stackLayers } from '../analysis/file-tree';
import { LayerIndexCache } from '../archive/layer-cache';
import type { LoadedImage } from '../archive/model';
import { engineRequest } from '../engine/engine-request';
import { buildTreemap } from './treemap';

export interface ReportWork {
  signal: AbortSignal;
  progress(phase: string, done: number, total?: number): void;
}

export interface ReportSourceDeps {
  withEngine<T>(work: (docker: Docker) => Promise<T>): Promise<T>;
  cacheDir?: string;
  /** "Docker Engine - Community 27.1.1", when connected. */
  engineName?: () => string | undefined;
}

export interface ReportSubject {
  analysis: ImageAnalysis;
  treemap: ReportTreemap;
  repoDigests: string[];
  created?: string;
  engine?: string;
}

async function repoDigestsOf(deps: ReportSourceDeps, id: string, signal: AbortSignal): Promise<string[]> {
  try {
    const info = await deps.withEngine((docker) =>
      engineRequest<{ RepoDigests?: string[] | null }>(docker, { path: `/images/${id}/json`, signal }),
    );
    return info.RepoDigests ?? [];
  } catch {
    return [];
  }
}

/** The final filesystem's regular files, for the treemap. */
export function finalFiles(image: LoadedImage): { path: string; bytes: number }[] {
  const files: { path: string; bytes: number }[] = [];
  for (const node of stackLayers(image.layers).nodes.values()) {
    if (node.entry.type === 'file' && node.entry.size > 0) files.push({ path: node.path, bytes: node.entry.size });
  }
  return files;
}

/** Reads one image and builds what its report section needs. `label` prefixes the progress phases. */
export async function loadReportSubject(
  source: AnalysisSource,
  deps: ReportSourceDeps,
  work: ReportWork,
  options: { platform?: string; label?: string } = {},
): Promise<ReportSubject> {
  const prefix = options.label ? `${options.label} ` : '';
  const cache = new LayerIndexCache({ dir: deps.cacheDir });
  work.progress(`${prefix}read`, 0);
  const image = await readSource(source, deps, work, { platform: options.platform, cache, phase: `${prefix}read` });
  if (work.signal.aborted) throw cancelledError();
  work.progress(`${prefix}analyse`, 0, 1);
  const fromCache = Math.min(cache.layersFromCache, image.layers.length);
  const analysis = analyzeImage(image, source, { layersRead: image.layers.length - fromCache, layersFromCache: fromCache });
  const treemap = buildTreemap(finalFiles(image));
  work.progress(`${prefix}analyse`, 1, 1);
  const engine = source.kind === 'engine';
  return {
    analysis,
    treemap,
    repoDigests: engine ? await repoDigestsOf(deps, image.configDigest, work.signal) : [],
    created: image.config.created,
    engine: engine ? deps.engineName?.() : undefined,
  };
}
