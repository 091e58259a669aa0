/** The captured file contents the final filesystem shows: a capture counts only if its layer's entry is the visible one. */
import type { LoadedImage } from '../archive/model';
import type { MergedFs } from './file-tree';

export function visibleCaptures(image: LoadedImage, final: MergedFs): Map<string, string> {
  const result = new Map<string, string>();
  image.layers.forEach((layer, index) => {
    for (const [path, text] of Object.entries(layer.index.captured ?? {})) {
      if (final.get(path)?.layer === index) result.set(path, text);
    }
  });
  return result;
}
