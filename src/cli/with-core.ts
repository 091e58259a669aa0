/** The core for one command: no event following, closed when the work is done. */
import { createLayerLensCore, type CoreOptions, type LayerLensCore } from '../core/api/layerlens-core';
import { listOption, stringOption, type OptionValues } from './command';

export async function withCore<T>(
  values: OptionValues,
  work: (core: LayerLensCore) => Promise<T>,
  options: Pick<CoreOptions, 'host'> = {},
): Promise<T> {
  const insecureRegistries = listOption(values, 'insecure-registry');
  const core = createLayerLensCore({
    ...options,
    frontDoor: 'cli',
    watch: false,
    engineHost: stringOption(values, 'host'),
    ...(insecureRegistries.length > 0 ? { registry: { insecureRegistries } } : {}),
  });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}
