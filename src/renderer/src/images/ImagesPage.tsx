import { useMemo } from 'react';
import { formatBytes } from '../../../shared/format';
import { ImagesTable } from '../components/ImagesTable';
import { Spinner } from '../components/Spinner';
import type { Images } from '../hooks/useImages';
import { useNow } from '../hooks/useNow';
import { firstDirection, visibleImages, type ListView, type SortKey } from '../model/images';
import { plural } from '../model/plural';
import { ErrorPanel } from '../components/ErrorPanel';
import { OptimizeFolderButton } from '../rebuild';

interface Props {
  images: Images;
  view: ListView;
  onViewChange: (view: ListView) => void;
  onOpen: (id: string) => void;
  focusId?: string;
}

function EmptyState() {
  return (
    <section className="panel empty-state" data-testid="empty-state">
      <h2>No images yet</h2>
      <p>This engine has no images. Build one from a Dockerfile or pull one, and it shows up here by itself:</p>
      <pre className="command-block">{'docker build -t myapp .\ndocker pull debian:bookworm-slim'}</pre>
      <OptimizeFolderButton />
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

export function ImagesPage({ images, view, onViewChange, onOpen, focusId }: Props) {
  const { list, error, retry } = images;
  const now = useNow(60_000);
  const shown = useMemo(() => (list ? visibleImages(list.images, view) : []), [list, view]);

  const sortBy = (sort: SortKey) => {
    const direction = view.sort === sort ? (view.direction === 'asc' ? 'desc' : 'asc') : firstDirection[sort];
    onViewChange({ ...view, sort, direction });
  };

  if (!list) {
    if (error) return <LoadError message={error.message} onRetry={retry} />;
    return (
      <div className="page">
        <Spinner label="Loading images…" />
        <SkeletonRows />
      </div>
    );
  }
  if (list.images.length === 0) return <EmptyState />;

  return (
    <div className="page images-page">
      <div className="toolbar">
        <h1 className="summary" data-testid="images-summary">
          {plural(list.images.length, 'image')} · {formatBytes(list.totalDiskBytes)} on disk
          {view.filter.trim() && <span className="muted"> · {shown.length} shown</span>}
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
        <OptimizeFolderButton />
      </div>
      {error && <p className="inline-error">Could not refresh: {error.message}</p>}
      {shown.length === 0 ? (
        <p className="muted no-match" data-testid="no-match">
          No image matches “{view.filter}”.
        </p>
      ) : (
        <ImagesTable images={shown} view={view} onSort={sortBy} onOpen={onOpen} focusId={focusId} now={now} />
      )}
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
