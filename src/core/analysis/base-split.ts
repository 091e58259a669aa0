/**
 * An analysis told apart into the base image and the user's build: the base as found (core/images), the
 * bytes the build added on top of it, and findings that sit in base layers said to be there, pointing at
 * a smaller base (measured in the engine when it has one) instead of a RUN the user does not own. Applied
 * to every analysis as it is answered, so a stored analysis follows the images the engine has now.
 */
import type { BaseImageInfo } from '../../shared/contract';
import type { ImageAnalysis } from '../../shared/analysis';
import { formatBytes } from '../../shared/format';

export const unknownBase: BaseImageInfo = { how: 'unknown', layerCount: 0, sizeBytes: 0, smaller: [] };

export function baseAdvice(base: BaseImageInfo, layerIndex: number): string {
  const where = `This is in the base image ${base.name} (layer ${layerIndex}), not in your Dockerfile: no instruction of yours can remove it.`;
  if (base.smaller.length > 0) {
    return `${where} A smaller base drops it: ${base.smaller.map((s) => `${s.name} (${formatBytes(s.sizeBytes)})`).join(', ')}, measured in this engine.`;
  }
  return `${where} A smaller variant of ${base.name} (a -slim or -alpine tag, or a distroless image for the final stage) would drop it.`;
}

export function applyBase(analysis: ImageAnalysis, base: BaseImageInfo): ImageAnalysis {
  const known = base.how === 'local-image' && base.layerCount > 0;
  const ownSizeBytes = known ? analysis.layers.slice(base.layerCount).reduce((sum, layer) => sum + layer.sizeBytes, 0) : null;
  const findings = analysis.findings.map((finding) => {
    const inBase = known && finding.layerIndex >= 0 && finding.layerIndex < base.layerCount;
    if (!inBase) return { ...finding, inBase: false };
    const title = finding.category === 'large-base-image' ? finding.title.replace(/^The base image/, `The base image ${base.name}`) : finding.title;
    return { ...finding, title, inBase: true, fix: baseAdvice(base, finding.layerIndex) };
  });
  return { ...analysis, base, ownSizeBytes, findings };
}
