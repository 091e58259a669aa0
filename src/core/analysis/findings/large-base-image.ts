/**
 * A heavy base image where a slim or alpine variant exists: the base layers (those before the largest gap
 * in the history's timestamps of at least an hour, else layer 0) carry a build toolchain or weigh over
 * 300 MB. The bytes are what the toolchain in the base costs (a slim variant usually drops it).
 */
import type { FindingContext, RawFinding } from './finding';
import { makeFinding } from './finding';
import { toolchainRefs } from './build-toolchain';

export const largeBaseBytes = 300 * 1024 * 1024;
const baseGapMs = 60 * 60 * 1000;

/** How many leading layers make up the base image (a heuristic on the history's created times). */
export function baseLayerCount(context: FindingContext): number {
  const layers = context.image.layers.length;
  if (layers === 0) return 0;
  const times = context.history.map((step) => (step.created ? Date.parse(step.created) : NaN));
  let best = 0;
  let bestGap = baseGapMs;
  for (let i = 1; i < layers; i++) {
    const gap = times[i] - times[i - 1];
    if (gap >= bestGap) [best, bestGap] = [i, gap];
  }
  return best > 0 ? best : 1;
}

export function largeBaseImageFindings(context: FindingContext): RawFinding[] {
  const count = baseLayerCount(context);
  if (count === 0) return [];
  const base = new Set(Array.from({ length: count }, (_, i) => i));
  const baseBytes = context.image.layers.slice(0, count).reduce((sum, layer) => sum + layer.index.sizeBytes, 0);
  const toolchain = toolchainRefs(context, base);
  const hasCompilers = toolchain.some((ref) => /\/(gcc|g\+\+|cc|clang|make)(-[\d.]+)?$/.test(ref.path));
  if (!hasCompilers && baseBytes <= largeBaseBytes) return [];
  const mb = Math.round(baseBytes / 1024 / 1024);
  return [
    makeFinding(
      context,
      {
        category: 'large-base-image',
        title: hasCompilers ? `The base image (${mb} MB) ships a build toolchain` : `The base image is large (${mb} MB)`,
        fix: 'Use the `-slim` or `-alpine` variant of the base image (e.g. `node:20-slim`, `python:3.12-slim`), or a distroless runtime image in the final stage of a multi-stage build.',
        layerIndex: count - 1,
      },
      toolchain,
    ),
  ];
}
