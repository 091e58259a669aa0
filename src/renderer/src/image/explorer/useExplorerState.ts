/** The explorer's state, shared by the explorer and the layer list: the place, the tab, the part, the colouring, the last announcement. */
import { useCallback, useState } from 'react';
import type { ColorBy } from '../colors';
import { startPlace, type Move, type Part, type Place, type View } from './place';

export type Tab = 'treemap' | 'files' | 'waste' | 'surface';

export interface ExplorerState {
  place: Place;
  tab: Tab;
  part: Part;
  colorBy: ColorBy;
  /** The whole image as last chosen: by folder or by layer. */
  wholeImage: View;
  /** A view change the user did not pick directly (a click on a layer of the treemap), said once. */
  announcement?: string;
  move: (move: Move) => void;
  setTab: (tab: Tab) => void;
  setPart: (part: Part) => void;
  setColorBy: (colorBy: ColorBy) => void;
  /** The layer list: select a layer (again: back to the whole image). */
  toggleLayer: (layer: number) => void;
  /** A finding's layer: show that layer. */
  showLayer: (layer: number) => void;
}

/** `split`: the base's layers are known, so "your build" and the base/build colouring make sense. */
export function useExplorerState(split: boolean): ExplorerState {
  const [place, setPlace] = useState<Place>(startPlace);
  const [tab, setTab] = useState<Tab>('treemap');
  const [part, setPart] = useState<Part>('all');
  const [colorBy, setColorBy] = useState<ColorBy>(split ? 'split' : 'category');
  const [announcement, setAnnouncement] = useState<string>();
  const [wholeImage, setWholeImage] = useState<View>(startPlace.view);
  // "Up to" or "only": what the last layer view was, for the next layer picked from the list.
  const [layerMode, setLayerMode] = useState<'up-to' | 'layer-only'>('layer-only');

  const move = useCallback((next: Move) => {
    setPlace(next.to);
    setAnnouncement(next.announce);
    if (next.to.view.kind === 'image') setWholeImage(next.to.view);
    else setLayerMode(next.to.view.kind);
  }, []);

  const toggleLayer = useCallback(
    (layer: number) => {
      setAnnouncement(undefined);
      setPlace((current) =>
        current.view.kind !== 'image' && current.view.layer === layer
          ? { view: wholeImage, path: '/' }
          : { view: { kind: layerMode, layer }, path: '/' },
      );
    },
    [wholeImage, layerMode],
  );

  const showLayer = useCallback(
    (layer: number) => {
      setAnnouncement(undefined);
      setPlace({ view: { kind: layerMode, layer }, path: '/' });
    },
    [layerMode],
  );

  return { place, tab, part, colorBy, wholeImage, announcement, move, setTab, setPart, setColorBy, toggleLayer, showLayer };
}
