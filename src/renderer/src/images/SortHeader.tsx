import type { ListView, SortKey } from './images-model';

interface Props {
  label: string;
  sortKey: SortKey;
  view: ListView;
  onSort: (key: SortKey) => void;
  className?: string;
  title?: string;
}

/** A column header that sorts by its column; `aria-sort` tells assistive tech the current order. */
export function SortHeader({ label, sortKey, view, onSort, className, title }: Props) {
  const active = view.sort === sortKey;
  const ariaSort = active ? (view.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th aria-sort={ariaSort} className={className} title={title}>
      <button className="sort-button" data-testid={`sort-${sortKey}`} onClick={() => onSort(sortKey)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (view.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
