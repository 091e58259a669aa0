/**
 * Notices when the open image leaves the engine (`docker rmi`, or its name moved to another image): an
 * untag or delete event for its id makes the page ask the engine again by the name it was opened with.
 */
import { useEffect, useState } from 'react';
import type { LayerLensClient } from '../../../shared/contract';
import { toErrorData } from '../../../shared/errors';
import { useClient } from '../hooks/bridge-context';

export type Gone =
  | { kind: 'removed'; at: number }
  /** The name now names another image. */
  | { kind: 'moved'; at: number; id: string };

const settleMs = 250;

const bare = (id: string) => id.replace(/^sha256:/, '');
const sameImage = (a: string, b: string) => bare(a) === bare(b);

/**
 * Watches the engine for image `id`, opened as `ref`, and tells `report` what became of it (undefined: it
 * is still there). Only the latest question's answer counts: an inspect asked before a `docker rmi` can
 * answer after the one asked since (the server was busy), and must not bring a removed image back.
 * Returns the function that stops watching.
 */
export function watchImageGone(
  client: Pick<LayerLensClient, 'inspectImage' | 'on'>,
  ref: string,
  id: string,
  report: (gone: Gone | undefined) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = true;
  let asked = 0;
  const check = () => {
    const question = ++asked;
    const current = () => live && question === asked;
    client.inspectImage(ref).then(
      (detail) => {
        if (current()) report(sameImage(detail.id, id) ? undefined : { kind: 'moved', at: Date.now(), id: detail.id });
      },
      (error: unknown) => {
        if (current() && toErrorData(error).code === 'IMAGE_NOT_FOUND') report({ kind: 'removed', at: Date.now() });
      },
    );
  };
  const checkSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(check, settleMs);
  };
  // Events are lost while the engine connection is down: look again when it is back.
  const offConnection = client.on('connection', (status) => {
    if (status.state === 'connected') checkSoon();
  });
  const off = client.on('imagesChanged', (change) => {
    // A tag moving to another image untags this one; a delete takes it away.
    if (!['delete', 'untag', 'tag'].includes(change.action)) return;
    if (change.action === 'tag' && sameImage(ref, id)) return;
    if (change.action !== 'tag' && !sameImage(change.id, id)) return;
    checkSoon();
  });
  return () => {
    live = false;
    off();
    offConnection();
    clearTimeout(timer);
  };
}

export function useImageGone(ref: string, id: string): Gone | undefined {
  const client = useClient();
  const [gone, setGone] = useState<Gone>();
  useEffect(() => watchImageGone(client, ref, id, setGone), [client, ref, id]);
  return gone;
}
