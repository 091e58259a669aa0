/** Assembles the `ImageAnalysis` DTO from a loaded image. Pure: no I/O. */
import type { LoadedImage } from '../archive/model';
import type { AnalysisSource, AnalyzedLayer, ImageAnalysis } from '../../shared/analysis';
import { capturedBudgetBytes } from '../archive/layer-indexer';
import { imageCaptureBudgetBytes } from '../archive/read-budget';
import { attackSurface } from './attack-surface';
import { unknownBase } from './base-split';
import { visibleCaptures } from './captured-view';
import { findDuplicates } from './duplicates';
import { diveAnalysis } from './efficiency';
import { allFindings, distinctStoredBytes, type FindingContext } from './findings/index';
import type { RawFinding } from './findings/finding';
import { layerHistory } from './layer-history';
import { replayImage, type Replay, type ReplayObserver } from './replay';
import { trueWaste } from './true-waste';

/** Tags stored analyses: bump it whenever the analysis would give a different result for the same image. */
export const analysisVersion = 'analysis-8';

export interface CacheStats {
  layersRead: number;
  layersFromCache: number;
}

function shortId(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function limitsOf(image: LoadedImage): string[] {
  const skipped = image.layers.reduce((sum, layer) => sum + (layer.index.capturedSkipped ?? 0), 0);
  return skipped > 0
    ? [
        `${skipped} package lists or lockfiles were not read (over the ${capturedBudgetBytes / 1024 / 1024} MB a layer, or the ${imageCaptureBudgetBytes / 1024 / 1024} MB an image, may keep): the OS package and devDependency figures may be incomplete.`,
      ]
    : [];
}

/** Watches an analysis's replay (see `ReplayObserver`), then is given the replay and the findings with the copies they name. */
export interface AnalysisObserver extends ReplayObserver {
  analysed?(replay: Replay, findings: RawFinding[]): void;
}

export function analyzeImage(
  image: LoadedImage,
  source: AnalysisSource,
  cacheStats: CacheStats,
  now: () => Date = () => new Date(),
  observer?: AnalysisObserver,
): ImageAnalysis {
  const history = layerHistory(image.config, image.layers.length);
  const replay = replayImage(image, observer);
  const waste = trueWaste(replay.hidden, image.layers.length);
  const dive = diveAnalysis(image);
  const duplicates = findDuplicates(replay.final);
  const captures = visibleCaptures(image, replay.final);
  const context: FindingContext = { image, replay, history, captures };
  const rawFindings = allFindings(context, duplicates);

  const layers: AnalyzedLayer[] = image.layers.map((layer, index) => ({
    index,
    digest: layer.diffId,
    sizeBytes: layer.index.sizeBytes,
    instruction: history[index].instruction,
    createdBy: history[index].createdBy,
    fileCount: replay.layers[index].entries.length,
    ...replay.counts[index],
    wastedBytes: waste.perLayer[index],
  }));

  const analysis: ImageAnalysis = {
    source,
    name: image.repoTags[0] ?? shortId(image.configDigest),
    id: image.configDigest,
    repoTags: image.repoTags,
    os: image.config.os ?? '',
    architecture: image.config.architecture ?? '',
    ...(image.config.variant ? { variant: image.config.variant } : {}),
    sizeBytes: dive.sizeBytes,
    userSizeBytes: dive.userSizeBytes,
    // Told apart when the analysis is answered (base-split.ts): the base depends on the engine's images now.
    base: unknownBase,
    ownSizeBytes: null,
    layers,
    efficiency: dive.efficiency,
    wastedBytes: waste.totalBytes,
    dive: { efficiency: dive.efficiency, wastedBytes: dive.wastedBytes, userWastedPercent: dive.userWastedPercent },
    inefficientFiles: dive.inefficientFiles,
    duplicates,
    findings: rawFindings.map(({ stored: _stored, ...finding }) => finding),
    attackSurface: attackSurface(image, replay.final, captures),
    potentialSavingBytes: Math.min(distinctStoredBytes(rawFindings), dive.sizeBytes),
    cache: { layersRead: cacheStats.layersRead, layersFromCache: cacheStats.layersFromCache },
    limits: limitsOf(image),
    analysedAt: now().toISOString(),
  };
  observer?.analysed?.(replay, rawFindings);
  return analysis;
}
