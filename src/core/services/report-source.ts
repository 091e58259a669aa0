/**
 * What a report needs of one image, read in ONE pass: the analysis (the same `analyzeImage` the app shows)
 * and the treemap of the final filesystem, which the analysis DTO does not carry. Reads through the
 * on-disk layer index cache, so an image analysed before is not exported again.
 */
import type { AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import type { ReportTreemap } from '../../shared/report';
import { readAndAnalyse, type AnalysisDeps, type ReadWork } from './image-analysis';
import { engineRequest } from '../engine/engine-request';
import { stackLayers, type MergedFs } from '../analysis/file-tree';
import { buildTreemap, finalFiles } from '../report/treemap';

export interface ReportSourceDeps extends AnalysisDeps {
  /** "Docker Engine - Community 27.1.1", when connected. */
  engineName?: () => string | undefined;
}

export interface ReportSubject {
  analysis: ImageAnalysis;
  treemap: ReportTreemap;
  repoDigests: string[];
  created?: string;
  engine?: string;
  /** The final filesystem, kept when asked for (a comparison diffs the two). */
  final?: MergedFs;
}

async function repoDigestsOf(deps: ReportSourceDeps, id: string, signal: AbortSignal): Promise<string[]> {
  try {
    const info = await deps.withEngine((docker) => engineRequest<{ RepoDigests?: string[] | null }>(docker, { path: `/images/${id}/json`, signal }));
    return info.RepoDigests ?? [];
  } catch {
    return [];
  }
}

/** Reads one image and builds what its report section needs. `label` prefixes the progress phases. */
export async function loadReportSubject(
  source: AnalysisSource,
  deps: ReportSourceDeps,
  work: ReadWork,
  options: { platform?: string; label?: string; keepFinal?: boolean } = {},
): Promise<ReportSubject> {
  // The treemap needs the files: the image is read (through the layer cache) even when an analysis is stored.
  const { analysis, image } = await readAndAnalyse(source, deps, work, { platform: options.platform, needImage: true, phase: options.label });
  const final = stackLayers(image!.layers);
  const treemap = buildTreemap(finalFiles(final));
  const engine = source.kind === 'engine';
  return {
    analysis,
    treemap,
    repoDigests: engine ? await repoDigestsOf(deps, image!.configDigest, work.signal) : [],
    created: image!.config.created,
    engine: engine ? deps.engineName?.() : undefined,
    ...(options.keepFinal ? { final } : {}),
  };
}
