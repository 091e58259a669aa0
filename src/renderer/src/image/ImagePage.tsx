/**
 * One image (`#/image/<ref>`). What the engine's inspect and history say shows at once: the header, the
 * base image against your build, the layers with their sizes and instructions, the config. The file-level
 * analysis follows; when it arrives the headline figures and the explorer (treemap, files, findings,
 * attack surface) fill in above the layers, which then take its exact instructions.
 */
import { useEffect } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import type { ApiErrorData } from '../../../shared/errors';
import { shortId } from '../../../shared/format';
import { ErrorPanel } from '../components/ErrorPanel';
import { Spinner } from '../components/Spinner';
import { useNavigationKeys } from '../hooks/useNavigationKeys';
import { progressText } from '../lib/progress-text';
import { BackButton } from './ImageActions';
import { LoadedImage } from './LoadedImage';
import { useImageDetail } from './useImageDetail';

interface ImagePageProps {
  /** The name or id the page was opened with. */
  id: string;
  onBack: () => void;
  /** The images list, for "Compare with…". */
  images?: ImageSummary[];
  onCompare: (a: string, b: string) => void;
  onOpen: (id: string) => void;
}

function Failure({ error, id, onBack, onRetry }: { error: ApiErrorData; id: string; onBack: () => void; onRetry: () => void }) {
  if (error.code === 'IMAGE_NOT_FOUND') {
    return (
      <ErrorPanel
        title="Image not found"
        message={error.message}
        testId="image-not-found"
        actions={
          <button className="primary" onClick={onBack}>
            Back to the images
          </button>
        }
      >
        <p className="muted">
          <code>{shortId(id)}</code> may have been removed since the list was loaded.
        </p>
      </ErrorPanel>
    );
  }
  const cancelled = error.code === 'CANCELLED';
  return (
    <ErrorPanel
      title={cancelled ? 'Inspection cancelled' : 'Could not inspect the image'}
      message={cancelled ? undefined : error.message}
      testId="image-error"
      alert={!cancelled}
      actions={
        <>
          <button className="primary" onClick={onRetry}>
            {cancelled ? 'Inspect again' : 'Try again'}
          </button>
          <button onClick={onBack}>Back to the images</button>
        </>
      }
    />
  );
}

/** Marks, for the benchmark, the frame in which the engine's view of the image was first painted. */
function useFirstViewMark(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('layerlens:first-view'));
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ready]);
}

export function ImagePage({ id, onBack, images, onCompare, onOpen }: ImagePageProps) {
  const { state, cancel, retry } = useImageDetail(id);
  useNavigationKeys(onBack);
  useFirstViewMark(state.kind === 'done');
  return (
    <div className="page image-page" data-testid="image-page">
      {state.kind !== 'done' && (
        <div className="page-toolbar">
          <BackButton onBack={onBack} />
        </div>
      )}
      {state.kind === 'running' && (
        <div className="loading-row">
          <Spinner label={state.progress ? `${progressText(state.progress).label}…` : 'Inspecting the image…'} />
          <button data-testid="cancel-button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {state.kind === 'failed' && <Failure error={state.error} id={id} onBack={onBack} onRetry={retry} />}
      {state.kind === 'done' && (
        <LoadedImage detail={state.result} imageRef={id} images={images} onBack={onBack} onCompare={onCompare} onOpen={onOpen} />
      )}
    </div>
  );
}
