/**
 * What the images list shows once it looks closer, per image: the local image it was built on, the bytes
 * it alone holds and those it shares, and the saving a stored analysis found.
 */
import type Docker from 'dockerode';
import type { ImageFacts } from '../../shared/contract';
import { longestPrefixBase, type BaseImageFinder } from './base-image';
import { diskUsage, ownBytes } from './image-removal';

export async function describeImages(
  docker: Docker,
  finder: BaseImageFinder,
  savingOf: (imageId: string) => Promise<number | null>,
  signal?: AbortSignal,
): Promise<ImageFacts[]> {
  const [usage, local] = await Promise.all([diskUsage(docker, signal), finder.localImages(docker, signal)]);
  return Promise.all(
    local.map(async (image) => {
      const df = usage.get(image.id);
      const match = longestPrefixBase(image.layers, image.id, local);
      return {
        id: image.id,
        base: match
          ? { name: match.image.tags[0] ?? match.image.id.replace(/^sha256:/, '').slice(0, 12), id: match.image.id, layerCount: match.count }
          : null,
        ownBytes: ownBytes(df),
        sharedBytes: df && df.SharedSize >= 0 ? df.SharedSize : 0,
        potentialSavingBytes: await savingOf(image.id).catch(() => null),
      };
    }),
  );
}
