/**
 * Picks another image by typing part of its name or id: "Compare with…" and the compare page's A and B.
 * A combobox over a list box; arrows move, Enter picks, Escape closes. Named images first; untagged ones
 * (no name to read, most often build leftovers) only once something is typed, the count saying so.
 */
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { formatBytes, shortId } from '../../../shared/format';
import { Popover, usePopoverClose } from '../components/Popover';
import { plural } from '../lib/plural';
import { pickerImages, pickerName, pickerUntaggedHidden } from './images-model';

const shownAtMost = 100;

interface Props {
  images?: ImageSummary[];
  /** Ids not to offer (the image itself). */
  exclude: string[];
  onPick: (id: string) => void;
  label: ReactNode;
  panelLabel: string;
  testId: string;
  buttonTitle?: string;
  disabled?: boolean;
}

function PickerList({
  images,
  exclude,
  onPick: pickImage,
  panelLabel,
}: Pick<Props, 'exclude' | 'onPick' | 'panelLabel'> & { images: ImageSummary[] }) {
  const close = usePopoverClose();
  const onPick = (id: string) => {
    close();
    pickImage(id);
  };
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => pickerImages(images, query, new Set(exclude)), [images, query, exclude]);
  const untaggedHidden = useMemo(() => pickerUntaggedHidden(images, query, new Set(exclude)), [images, query, exclude]);
  const shown = matches.slice(0, shownAtMost);
  const at = Math.min(active, Math.max(0, shown.length - 1));
  const optionId = (i: number) => `${listId}-${i}`;

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(shown.length - 1, to));
      setActive(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'PageDown') move(at + 8);
    else if (event.key === 'PageUp') move(at - 8);
    else if (event.key === 'Enter' && shown[at]) {
      event.preventDefault();
      onPick(shown[at].id);
    }
  };

  return (
    <div className="picker">
      <input
        type="search"
        className="filter"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown[at] ? optionId(at) : undefined}
        aria-label={`${panelLabel}: type part of a name or ID`}
        placeholder="Name or ID"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        data-testid="picker-search"
        data-autofocus
      />
      <p className="muted small" data-testid="picker-count">
        {matches.length === 0
          ? 'No image matches.'
          : matches.length > shown.length
            ? `${shown.length} of ${plural(matches.length, 'image')}: type more to narrow`
            : plural(matches.length, 'image')}
        {untaggedHidden > 0 && (
          <span data-testid="picker-untagged-hidden">{` · ${plural(untaggedHidden, 'untagged image')} not listed: type part of an ID, or “untagged”`}</span>
        )}
      </p>
      <ul className="picker-list" role="listbox" id={listId} aria-label={panelLabel}>
        {shown.map((image, i) => (
          <li
            key={image.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === at}
            className={i === at ? 'picker-option active' : 'picker-option'}
            data-testid="picker-option"
            data-image-id={image.id}
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => onPick(image.id)}
          >
            <span className={image.dangling ? 'muted' : undefined}>{pickerName(image)}</span>
            <span className="muted mono small">{shortId(image.id)}</span>
            <span className="muted numeric small">{formatBytes(image.sizeBytes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ImagePicker({ images, exclude, onPick, label, panelLabel, testId, buttonTitle, disabled }: Props) {
  const list = images ?? [];
  return (
    <Popover
      label={label}
      panelLabel={panelLabel}
      testId={testId}
      buttonTestId={`${testId}-button`}
      buttonTitle={buttonTitle}
      disabled={disabled || list.length === 0}
      className="image-picker"
    >
      <PickerList images={list} exclude={exclude} panelLabel={panelLabel} onPick={onPick} />
    </Popover>
  );
}
