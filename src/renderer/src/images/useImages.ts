/**
 * The image list, reloaded when the engine (re)connects and, debounced, when the engine reports image
 * changes: a `docker build` emits a burst of events and one reload is enough. The slower per-image facts
 * (base, own and shared bytes, the saving an analysis found) follow the list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageFacts, ImageList, LayerLensClient } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { useClient } from '../hooks/bridge-context';
import { oneAtATime } from '../lib/one-at-a-time';
import type { FactsById } from './images-model';

const listDebounceMs = 300;
// Describing every image inspects them: wait for a build's burst of events to end.
const factsDebounceMs = 1000;

export interface Loaded<T> {
  value?: T;
  error?: ApiErrorData;
  /** Load again now (the "Try again" button; the list page on arrival). */
  reload: () => void;
}

/** A value loaded by one call (`load`: a module-level function), reloaded (debounced) on image changes; only the latest answer counts. */
function useEngineValue<T>(live: boolean, load: (client: LayerLensClient) => Promise<T>, debounceMs: number): Loaded<T> {
  const client = useClient();
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<ApiErrorData>();
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    load(client).then(
      (next) => {
        if (request !== latest.current) return;
        setValue(next);
        setError(undefined);
      },
      (failure: unknown) => {
        if (request === latest.current) setError(toErrorData(failure));
      },
    );
  }, [client, load]);

  useEffect(() => {
    if (live) reload();
  }, [live, reload]);

  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('imagesChanged', () => {
      clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, live, reload, debounceMs]);

  return { value, error, reload };
}

const listImages = (client: LayerLensClient) => oneAtATime(() => client.listImages());
const describeImages = async (client: LayerLensClient): Promise<FactsById> =>
  new Map((await oneAtATime(() => client.describeImages())).map((f: ImageFacts) => [f.id, f]));

export function useImages(live: boolean): Loaded<ImageList> {
  return useEngineValue(live, listImages, listDebounceMs);
}

export function useImageFacts(live: boolean): Loaded<FactsById> {
  return useEngineValue(live, describeImages, factsDebounceMs);
}
