/** Builds a FindingContext from a synthetic image, for the finding modules' tests. */
import type { LoadedImage } from '../../archive/model';
import { visibleCaptures } from '../captured-view';
import { layerHistory } from '../layer-history';
import { replayImage } from '../replay';
import type { FindingContext } from './finding';

export function contextOf(image: LoadedImage): FindingContext {
  const replay = replayImage(image);
  return { image, replay, history: layerHistory(image.config, image.layers.length), captures: visibleCaptures(image, replay.final) };
}
