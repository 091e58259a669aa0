/** An analysis source as it arrives over IPC or HTTP, checked before any work starts. */
import { analysisSourceKinds, type AnalysisSource } from '../../shared/analysis';
import { LayerLensError } from '../../shared/errors';

export function validateSource(source: unknown): AnalysisSource {
  const s = source as Partial<AnalysisSource> | undefined;
  const kind = analysisSourceKinds.find((k) => k === s?.kind);
  if (!s || typeof s.ref !== 'string' || s.ref.trim() === '' || !kind) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `An analysis needs a source: {kind: ${analysisSourceKinds.map((k) => `"${k}"`).join(' | ')}, ref: image name, registry reference or path}.`,
    );
  }
  return { kind, ref: s.ref.trim() };
}
