/**
 * The layer list's rows: the engine's layers (at once, from inspect) with, once the analysis has arrived,
 * its instructions (read from the image config itself, so exact) and its waste. Sizes stay the engine's,
 * the same figures as the header and the base split.
 */
import type { ImageAnalysis } from '../../../../shared/analysis';
import type { ImageDetail, LayerInfo } from '../../../../shared/contract';

export interface LayerRow extends LayerInfo {
  /** Bytes the layer stores that the final image hides; unknown before the analysis. */
  wastedBytes?: number;
  inBase: boolean;
  /** False while the instruction is the engine history's approximate match. */
  exact: boolean;
}

export function layerRows(
  detail: Pick<ImageDetail, 'layers' | 'historyExact'>,
  baseLayers: number,
  analysis?: Pick<ImageAnalysis, 'layers'>,
): LayerRow[] {
  return detail.layers.map((layer) => {
    const analysed = analysis?.layers[layer.index];
    const same = analysed !== undefined && analysed.digest === layer.digest;
    return {
      ...layer,
      ...(same ? { instruction: analysed.instruction, createdBy: analysed.createdBy, wastedBytes: analysed.wastedBytes } : {}),
      inBase: layer.index < baseLayers,
      exact: same || detail.historyExact,
    };
  });
}
