/**
 * The image list, reloaded when the engine (re)connects and, debounced, when the engine reports image
 * changes: a `docker build` emits a burst of events and one reload is enough.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageList } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { useClient } from './bridge-context';

const changeDebounceMs = 300;

export interface Images {
  list?: ImageList;
  error?: ApiErrorData;
  /** The "Try again" button: forget the error and load again. */
  retry: () => void;
}

export function useImages(live: boolean): Images {
  const client = useClient();
  const [list, setList] = useState<ImageList>();
  const [error, setError] = useState<ApiErrorData>();
  // Answers can arrive out of order; only the latest request may update the state.
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    client.listImages().then(
      (next) => {
        if (request !== latest.current) return;
        setList(next);
        setError(undefined);
      },
      (failure: unknown) => {
        if (request === latest.current) setError(toErrorData(failure));
      },
    );
  }, [client]);

  useEffect(() => {
    if (live) reload();
  }, [live, reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('imagesChanged', () => {
      clearTimeout(timer);
      timer = setTimeout(reload, changeDebounceMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, reload]);

  const retry = useCallback(() => {
    setError(undefined);
    reload();
  }, [reload]);

  return { list, error, retry };
}
