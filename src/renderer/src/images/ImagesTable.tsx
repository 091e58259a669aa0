import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { formatAge, formatBytes, shortId } from '../../../shared/format';
import { imageName, type ListView, type SortKey } from '../model/images';
import { SizeBar } from './SizeBar';
import { plural } from '../model/plural';
import { SortHeader } from './SortHeader';

interface Props {
  images: ImageSummary[];
  view: ListView;
  onSort: (key: SortKey) => void;
  onOpen: (id: string) => void;
  /** The row to focus on arrival (the image the user came back from). */
  focusId?: string;
  now: number;
}

/** Arrow keys move between rows, as in a file list; Enter opens. */
function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = event.currentTarget;
  const target =
    event.key === 'ArrowDown'
      ? row.nextElementSibling
      : event.key === 'ArrowUp'
        ? row.previousElementSibling
        : event.key === 'Home'
          ? row.parentElement?.firstElementChild
          : event.key === 'End'
            ? row.parentElement?.lastElementChild
            : undefined;
  if (event.key === 'Enter') {
    event.preventDefault();
    open();
  } else if (target instanceof HTMLElement) {
    event.preventDefault();
    target.focus();
  }
}

function ImageNameCell({ image }: { image: ImageSummary }) {
  const extraTags = image.repoTags.slice(1);
  return (
    <div className="name-cell">
      <span className={image.dangling ? 'image-name muted' : 'image-name'} data-testid="image-name">
        {imageName(image)}
      </span>
      {image.dangling && <span className="badge badge-warn">dangling</span>}
      {extraTags.length > 0 && (
        <span className="badge" title={extraTags.join('\n')}>
          +{plural(extraTags.length, 'tag')}
        </span>
      )}
      {image.containers > 0 && (
        <span className="badge" title="Containers using this image">
          {plural(image.containers, 'container')}
        </span>
      )}
    </div>
  );
}

export function ImagesTable({ images, view, onSort, onOpen, focusId, now }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  const maxBytes = Math.max(0, ...images.map((image) => image.sizeBytes));

  // Only on arrival: later list refreshes must not steal focus.
  const arrivalFocus = useRef(focusId);
  useEffect(() => {
    const id = arrivalFocus.current;
    if (id) body.current?.querySelector<HTMLElement>(`tr[data-image-id="${CSS.escape(id)}"]`)?.focus();
  }, []);

  return (
    <table className="images-table" data-testid="images-table">
      <thead>
        <tr>
          <SortHeader label="Name" sortKey="name" view={view} onSort={onSort} />
          <th>ID</th>
          <SortHeader label="Created" sortKey="created" view={view} onSort={onSort} />
          <SortHeader label="Size" sortKey="size" view={view} onSort={onSort} className="numeric" />
          <th aria-label="Size compared with the largest image" />
        </tr>
      </thead>
      <tbody ref={body}>
        {images.map((image) => {
          const open = () => onOpen(image.id);
          return (
            <tr
              key={image.id}
              data-testid="image-row"
              data-image-id={image.id}
              tabIndex={0}
              onClick={open}
              onKeyDown={(event) => onRowKey(event, open)}
            >
              <td>
                <ImageNameCell image={image} />
              </td>
              <td className="mono muted">{shortId(image.id)}</td>
              <td title={new Date(image.created * 1000).toLocaleString()}>{formatAge(image.created, now)}</td>
              <td className="numeric" data-testid="image-size">
                {formatBytes(image.sizeBytes)}
              </td>
              <td className="bar-cell">
                <SizeBar bytes={image.sizeBytes} maxBytes={maxBytes} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
