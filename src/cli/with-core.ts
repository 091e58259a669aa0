/** The core for one command: no event following, closed when the work is done. */
import { createLayerLensCore, type LayerLensCore } from '../core/api/layerlens-core';
import { stringOption, type OptionValues } from './command';

export async function withCore<T>(values: OptionValues, work: (core: LayerLensCore) => Promise<T>): Promise<T> {
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, engineHost: stringOption(values, 'host') });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}
