/** Said at the top of the page when the open image has left the engine: what happened and what still works. */
import { shortId } from '../../../shared/format';
import type { Gone } from './useImageGone';

export function ImageGoneBanner({ gone, name, onOpen, onBack }: { gone: Gone; name: string; onOpen: (id: string) => void; onBack: () => void }) {
  const when = new Date(gone.at).toLocaleTimeString();
  return (
    <section className="panel error-panel gone-banner" role="alert" data-testid="image-gone" data-kind={gone.kind}>
      <h2>{gone.kind === 'removed' ? `${name} was removed from the engine` : `${name} now names another image`}</h2>
      <p>
        {gone.kind === 'removed'
          ? `At ${when} the engine reported it deleted (docker rmi or a prune). `
          : `At ${when} the name moved to image ${shortId(gone.id)}. `}
        This page still shows the image as it was; exporting, rebuilding and comparing it need the image and are off.
      </p>
      <div className="actions">
        {gone.kind === 'moved' && (
          <button className="primary" onClick={() => onOpen(gone.id)}>
            Open the new image
          </button>
        )}
        <button onClick={onBack}>Back to the images</button>
      </div>
    </section>
  );
}
