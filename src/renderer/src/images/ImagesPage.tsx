/** The images list: every image with its size and what it shares, filter, sort, remove and prune. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImageList, ImageSummary } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { ErrorPanel } from '../components/ErrorPanel';
import { Spinner } from '../components/Spinner';
import { useClient } from '../hooks/bridge-context';
import { useNow } from '../hooks/useNow';
import { oneAtATime } from '../lib/one-at-a-time';
import { plural } from '../lib/plural';
import { OptimizeFolderButton } from '../rebuild';
import { firstDirection, imageName, removalRefs, visibleImages, type FactsById, type ListView, type SortKey } from './images-model';
import { ImagesTable } from './ImagesTable';
import { OpenFromRegistry } from './OpenFromRegistry';
import { RemovalDialog, type RemovalRequest } from './RemovalDialog';
import type { Loaded } from './useImages';

interface Props {
  images: Loaded<ImageList>;
  facts: Loaded<FactsById>;
  view: ListView;
  onViewChange: (view: ListView) => void;
  onOpen: (id: string) => void;
  focusId?: string;
}

function EmptyState({ onOpen }: { onOpen: (id: string) => void }) {
  return (
    <section className="panel empty-state" data-testid="empty-state">
      <h2>No images yet</h2>
      <p>This engine has no images. Build one from a Dockerfile or pull one, and it shows up here by itself:</p>
      <pre className="command-block">{'docker build -t myapp .\ndocker pull debian:bookworm-slim'}</pre>
      <div className="actions">
        <OptimizeFolderButton />
        <OpenFromRegistry onOpen={onOpen} />
      </div>
    </section>
  );
}

function SkeletonRows() {
  return (
    <div className="skeleton" aria-hidden="true" data-testid="images-loading">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="skeleton-row" />
      ))}
    </div>
  );
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <ErrorPanel
      title="Could not list the images"
      message={message}
      actions={
        <button className="primary" onClick={onRetry}>
          Try again
        </button>
      }
    />
  );
}

/** The removal dialogs of this page: one row's image, or every dangling image. */
function useRemovals(): { request?: RemovalRequest; removeImage: (image: ImageSummary) => void; prune: () => void; close: () => void } {
  const client = useClient();
  const [request, setRequest] = useState<RemovalRequest>();
  const removeImage = useCallback(
    (image: ImageSummary) => {
      const refs = removalRefs(image);
      setRequest({
        title: `Remove ${imageName(image)}?`,
        nothing: 'The engine has nothing to remove for it any more.',
        preview: () => oneAtATime(() => client.previewRemoval(refs)),
        remove: (confirmedBytes) => oneAtATime(() => client.removeImages(refs, confirmedBytes)),
      });
    },
    [client],
  );
  const prune = useCallback(() => {
    setRequest({
      title: 'Remove the dangling images?',
      nothing: 'There are no dangling images: nothing to remove.',
      preview: () => oneAtATime(() => client.previewPrune()),
      remove: (confirmedBytes) => oneAtATime(() => client.pruneImages(confirmedBytes)),
    });
  }, [client]);
  return { request, removeImage, prune, close: () => setRequest(undefined) };
}

export function ImagesPage({ images, facts, view, onViewChange, onOpen, focusId }: Props) {
  const { value: list, error, reload } = images;
  const now = useNow(60_000);
  const removals = useRemovals();
  const [notice, setNotice] = useState<string>();
  const shown = useMemo(() => (list ? visibleImages(list.images, view, facts.value) : []), [list, view, facts.value]);
  const dangling = list?.images.filter((image) => image.dangling).length ?? 0;

  // Back on the list: an analysis may have found a saving since the facts were loaded.
  const reloadFacts = facts.reload;
  const returning = useRef(facts.value !== undefined);
  useEffect(() => {
    if (returning.current) reloadFacts();
  }, [reloadFacts]);

  const sortBy = (sort: SortKey) => {
    const direction = view.sort === sort ? (view.direction === 'asc' ? 'desc' : 'asc') : firstDirection[sort];
    onViewChange({ ...view, sort, direction });
  };

  if (!list) {
    if (error) return <LoadError message={error.message} onRetry={reload} />;
    return (
      <div className="page">
        <Spinner label="Loading images…" />
        <SkeletonRows />
      </div>
    );
  }
  if (list.images.length === 0) return <EmptyState onOpen={onOpen} />;

  const hidden = list.images.length - shown.length;
  return (
    <div className="page images-page">
      <div className="toolbar">
        <h1 className="summary" data-testid="images-summary">
          {plural(list.images.length, 'image')} · {formatBytes(list.totalDiskBytes)} on disk
          {hidden > 0 && <span className="muted"> · {shown.length} shown</span>}
        </h1>
        <input
          type="search"
          className="filter"
          data-testid="image-filter"
          placeholder="Filter by name or ID"
          aria-label="Filter images by name or ID"
          value={view.filter}
          onChange={(event) => onViewChange({ ...view, filter: event.target.value })}
        />
        <label className="inline-field" title="Dangling images have no tag: leftovers of rebuilds and multi-stage builds">
          <input
            type="checkbox"
            checked={view.hideDangling}
            onChange={(event) => onViewChange({ ...view, hideDangling: event.target.checked })}
            data-testid="hide-dangling"
          />
          Hide dangling ({dangling})
        </label>
        <button
          onClick={removals.prune}
          disabled={dangling === 0}
          data-testid="prune-images"
          title="Remove every dangling image, after a confirmation of what it frees"
        >
          Remove dangling…
        </button>
        <OptimizeFolderButton />
        <OpenFromRegistry onOpen={onOpen} />
      </div>
      {error && <p className="inline-error">Could not refresh: {error.message}</p>}
      {facts.error && <p className="inline-error">Could not measure own and shared bytes: {facts.error.message}</p>}
      {notice && (
        <p className="note ok" role="status" data-testid="removal-notice">
          {notice}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="muted no-match" data-testid="no-match">
          {view.filter.trim() ? `No image matches “${view.filter}”.` : 'Every image here is dangling, and those are hidden.'}
        </p>
      ) : (
        <ImagesTable
          images={shown}
          facts={facts.value}
          view={view}
          onSort={sortBy}
          onOpen={onOpen}
          onRemove={removals.removeImage}
          focusId={focusId}
          now={now}
        />
      )}
      {removals.request && (
        <RemovalDialog
          request={removals.request}
          onClose={removals.close}
          onRemoved={(result) => {
            removals.close();
            setNotice(`Removed ${plural(result.images.length, 'image')}, freeing ${formatBytes(result.freedBytes)}.`);
            reload();
          }}
        />
      )}
    </div>
  );
}
