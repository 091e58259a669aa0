/** The images, one row each: name, base, age, size, own and shared bytes, the saving an analysis found, Remove. */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ImageFacts, ImageSummary } from '../../../shared/contract';
import { formatAge, formatBytes, shortId } from '../../../shared/format';
import { ShareBar } from '../components/ShareBar';
import { plural } from '../lib/plural';
import { imageName, type FactsById, type ListView, type SortKey } from './images-model';
import { SortHeader } from './SortHeader';

interface Props {
  images: ImageSummary[];
  facts?: FactsById;
  view: ListView;
  onSort: (key: SortKey) => void;
  onOpen: (id: string) => void;
  onRemove: (image: ImageSummary) => void;
  /** The row to focus on arrival (the image the user came back from). */
  focusId?: string;
  now: number;
}

/** Arrow keys move between rows, as in a file list; Enter opens. Keys of the row's own buttons stay theirs. */
function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  if (event.target !== event.currentTarget) return;
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
      {image.dangling && (
        <span className="badge badge-warn" title="No tag names this image: a leftover of a rebuild or a multi-stage build">
          dangling
        </span>
      )}
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

/** A figure that comes with the facts: "…" while they load. */
function FactCell({ facts, pick, testId, title }: { facts?: ImageFacts; pick: (f: ImageFacts) => number | null; testId: string; title?: string }) {
  const value = facts ? pick(facts) : undefined;
  return (
    <td className="numeric" data-testid={testId} title={title}>
      {value === undefined ? (
        <span className="muted">…</span>
      ) : value === null ? (
        <span className="muted" title="Not analysed yet: open the image">
          —
        </span>
      ) : (
        formatBytes(value)
      )}
    </td>
  );
}

export function ImagesTable({ images, facts, view, onSort, onOpen, onRemove, focusId, now }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  const maxBytes = Math.max(0, ...images.map((image) => image.sizeBytes));

  // Only on arrival: later list refreshes must not steal focus.
  const arrivalFocus = useRef(focusId);
  useEffect(() => {
    const id = arrivalFocus.current;
    if (id) body.current?.querySelector<HTMLElement>(`tr[data-image-id="${CSS.escape(id)}"]`)?.focus();
  }, []);

  return (
    <table className="images-table" data-testid="images-table" data-facts={facts ? 'ready' : 'loading'}>
      <thead>
        <tr>
          <SortHeader label="Name" sortKey="name" view={view} onSort={onSort} />
          <th title="The local image whose layers this one starts with">Base</th>
          <SortHeader label="Created" sortKey="created" view={view} onSort={onSort} />
          <SortHeader label="Size" sortKey="size" view={view} onSort={onSort} className="numeric" />
          <th aria-label="Size compared with the largest image" />
          <SortHeader
            label="Own"
            sortKey="own"
            view={view}
            onSort={onSort}
            className="numeric"
            title="Bytes no other image shares: what removing it frees"
          />
          <th className="numeric" title="Bytes shared with other images (its base, mostly)">
            Shared
          </th>
          <SortHeader
            label="Saving"
            sortKey="saving"
            view={view}
            onSort={onSort}
            className="numeric"
            title="What the fixes of its analysis would save (once analysed)"
          />
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody ref={body}>
        {images.map((image) => {
          const open = () => onOpen(image.id);
          const fact = facts?.get(image.id);
          return (
            <tr
              key={image.id}
              data-testid="image-row"
              data-image-id={image.id}
              tabIndex={0}
              onClick={open}
              onKeyDown={(event) => onRowKey(event, open)}
            >
              <td className="name-col">
                <ImageNameCell image={image} />
                <span className="mono muted small row-id">{shortId(image.id)}</span>
              </td>
              <td className="base-cell" data-testid="image-base">
                {fact ? (
                  fact.base ? (
                    <span title={`${fact.base.name}: its ${plural(fact.base.layerCount, 'layer')} are this image’s first`}>{fact.base.name}</span>
                  ) : (
                    <span className="muted">—</span>
                  )
                ) : (
                  <span className="muted">…</span>
                )}
              </td>
              <td className="age-cell" title={new Date(image.created * 1000).toLocaleString()}>
                {formatAge(image.created, now)}
              </td>
              <td className="numeric" data-testid="image-size">
                {formatBytes(image.sizeBytes)}
              </td>
              <td className="bar-cell">
                <ShareBar part={image.sizeBytes} whole={maxBytes} />
              </td>
              <FactCell facts={fact} pick={(f) => f.ownBytes} testId="image-own" />
              <FactCell facts={fact} pick={(f) => f.sharedBytes} testId="image-shared" />
              <FactCell facts={fact} pick={(f) => f.potentialSavingBytes} testId="image-saving" />
              <td className="row-actions">
                <button
                  className="icon-button"
                  data-testid="remove-image"
                  title={`Remove ${imageName(image)}…`}
                  aria-label={`Remove ${imageName(image)}…`}
                  onClick={(event) => {
                    event.stopPropagation();
                    onRemove(image);
                  }}
                >
                  Remove…
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
