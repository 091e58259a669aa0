/**
 * Notices when the open image leaves the engine (`docker rmi`, or its name moved to another image): an
 * untag or delete event for its id makes the page ask the engine again by the name it was opened with.
 */
import { useEffect, useState } from 'react';
import { toErrorData } from '../../../shared/errors';
import { useClient } from '../hooks/bridge-context';

export type Gone =
  | { kind: 'removed'; at: number }
  /** The name now names another image. */
  | { kind: 'moved'; at: number; id: string };

const settleMs = 250;

const bare = (id: string) => id.replace(/^sha256:/, '');
const sameImage = (a: string, b: string) => bare(a) === bare(b);

export function useImageGone(ref: string, id: string): Gone | undefined {
  const client = useClient();
  const [gone, setGone] = useState<Gone>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const check = () => {
      client.inspectImage(ref).then(
        (detail) => {
          if (!live) return;
          setGone(sameImage(detail.id, id) ? undefined : { kind: 'moved', at: Date.now(), id: detail.id });
        },
        (error: unknown) => {
          if (live && toErrorData(error).code === 'IMAGE_NOT_FOUND') setGone({ kind: 'removed', at: Date.now() });
        },
      );
    };
    // Events are lost while the engine connection is down: look again when it is back.
    const offConnection = client.on('connection', (status) => {
      if (status.state !== 'connected') return;
      clearTimeout(timer);
      timer = setTimeout(check, settleMs);
    });
    const off = client.on('imagesChanged', (change) => {
      // A tag moving to another image untags this one; a delete takes it away.
      if (!['delete', 'untag', 'tag'].includes(change.action)) return;
      if (change.action === 'tag' && sameImage(ref, id)) return;
      if (change.action !== 'tag' && !sameImage(change.id, id)) return;
      clearTimeout(timer);
      timer = setTimeout(check, settleMs);
    });
    return () => {
      live = false;
      off();
      offConnection();
      clearTimeout(timer);
    };
  }, [client, ref, id]);
  return gone;
}
