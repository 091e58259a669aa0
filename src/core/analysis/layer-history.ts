/**
 * Maps the image config's history onto its layers: steps with `empty_layer: true` make no layer, every
 * other step makes the next layer (dive's rule). A missing or short history leaves "(no history)".
 */
import type { ImageConfigFile } from '../archive/model';
import { cleanInstruction } from '../images/history-layers';

export interface LayerHistory {
  instruction: string;
  createdBy: string;
  created?: string;
  comment?: string;
}

export const noHistory = '(no history)';

export function layerHistory(config: ImageConfigFile, layerCount: number): LayerHistory[] {
  const steps = (config.history ?? []).filter((step) => !step.empty_layer);
  const result: LayerHistory[] = [];
  for (let i = 0; i < layerCount; i++) {
    const step = steps[i];
    if (!step) {
      result.push({ instruction: noHistory, createdBy: '' });
      continue;
    }
    const createdBy = step.created_by ?? '';
    result.push({
      instruction: createdBy ? cleanInstruction(createdBy) : step.comment || noHistory,
      createdBy,
      ...(step.created ? { created: step.created } : {}),
      ...(step.comment ? { comment: step.comment } : {}),
    });
  }
  return result;
}
