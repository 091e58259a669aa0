/**
 * Removing images, never without a confirmation that says what goes and what it frees: the dialog loads
 * the engine's preview first, shows it, and confirms with the preview's own figure (core refuses any
 * other, so what is removed is what was shown).
 */
import { useEffect, useState } from 'react';
import type { RemovalPreview } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { formatBytes, shortId } from '../../../shared/format';
import { Dialog } from '../components/Dialog';
import { plural } from '../lib/plural';

export interface RemovalRequest {
  title: string;
  /** What the dialog says when the preview has nothing to remove. */
  nothing: string;
  preview: () => Promise<RemovalPreview>;
  remove: (confirmedBytes: number) => Promise<RemovalPreview>;
}

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; preview: RemovalPreview }
  | { kind: 'removing'; preview: RemovalPreview }
  | { kind: 'failed'; error: ApiErrorData; preview?: RemovalPreview };

function PreviewList({ preview }: { preview: RemovalPreview }) {
  return (
    <ul className="removal-list" data-testid="removal-images">
      {preview.images.map((image) => (
        <li key={image.id} data-testid="removal-image" data-image-id={image.id}>
          <span className="mono">{image.names.join(', ')}</span> <span className="muted mono small">{shortId(image.id)}</span>
          <span className="numeric removal-bytes">
            {image.blocked ? (
              <span className="inline-error">kept: {image.blocked}</span>
            ) : image.freedBytes > 0 ? (
              `frees ${formatBytes(image.freedBytes)}`
            ) : (
              <span className="muted" title="Another image shares all its layers, or another tag keeps the image">
                frees nothing
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function RemovalDialog({
  request,
  onClose,
  onRemoved,
}: {
  request: RemovalRequest;
  onClose: () => void;
  onRemoved: (result: RemovalPreview) => void;
}) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    request.preview().then(
      (preview) => live && setState({ kind: 'ready', preview }),
      (error: unknown) => live && setState({ kind: 'failed', error: toErrorData(error) }),
    );
    return () => {
      live = false;
    };
  }, [request, attempt]);

  const preview = state.kind === 'loading' ? undefined : state.preview;
  const removable = preview?.images.filter((image) => !image.blocked) ?? [];
  const confirm = () => {
    if (!preview) return;
    setState({ kind: 'removing', preview });
    request.remove(preview.freedBytes).then(onRemoved, (error: unknown) => setState({ kind: 'failed', error: toErrorData(error), preview }));
  };

  return (
    <Dialog title={request.title} onClose={onClose} testId="removal-dialog">
      {state.kind === 'loading' && <p className="muted">Asking the engine what this would remove…</p>}
      {preview && preview.images.length === 0 && <p data-testid="removal-nothing">{request.nothing}</p>}
      {preview && preview.images.length > 0 && (
        <>
          <p data-testid="removal-summary">
            Removes {plural(removable.length, 'image')} and frees <strong>{formatBytes(preview.freedBytes)}</strong> of disk. Containers are never
            removed, and layers other images use stay.
          </p>
          <PreviewList preview={preview} />
        </>
      )}
      {state.kind === 'failed' && (
        <p className="inline-error" role="alert" data-testid="removal-error">
          {state.error.message}{' '}
          <button
            className="link-button"
            onClick={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            Review again
          </button>
        </p>
      )}
      <div className="actions dialog-actions">
        <button onClick={onClose} data-testid="removal-cancel">
          Cancel
        </button>
        <button className="danger" onClick={confirm} disabled={state.kind !== 'ready' || removable.length === 0} data-testid="removal-confirm">
          {state.kind === 'removing' ? 'Removing…' : preview ? `Remove, freeing ${formatBytes(preview.freedBytes)}` : 'Remove'}
        </button>
      </div>
    </Dialog>
  );
}
