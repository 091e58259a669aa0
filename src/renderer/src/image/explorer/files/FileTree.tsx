/**
 * The file tree of a view: directories load their children when expanded (`listDirectory`), rows are
 * virtualised so a 200k-entry tree scrolls smoothly, arrows move / expand / collapse, Enter toggles.
 * A filter (substring or glob) switches to a flat list of matches (`searchFiles`); dive's filters show or
 * hide added, modified, removed and unchanged entries. Status letters and colours are the treemap's.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TreeEntry, TreeView } from '../../../../../shared/explore';
import { toErrorData, type ApiErrorData } from '../../../../../shared/errors';
import { formatBytes } from '../../../../../shared/format';
import { useClient } from '../../../hooks/bridge-context';
import { plural } from '../../../lib/plural';
import { categoryNames } from '../../colors';
import { statusStyles } from '../../status';
import { StatusBadge, StatusLegend } from '../../StatusBadge';
import { entryShown, everyKind, isFolder, showsEverything, type ShownKinds } from './kind-filter';
import { KindFilter } from './KindFilter';

interface Props {
  imageId: string;
  view: TreeView;
  /** What the statuses are relative to, for the legend ("the layer that wrote each path"). */
  statusesRelativeTo: string;
  /** A path to expand to, select and scroll into view (a finding's file). */
  reveal?: { path: string; nonce: number };
}

interface Row {
  entry: TreeEntry;
  depth: number;
}

const rowHeight = 26;
const listHeight = 460;
const searchLimit = 5000;

function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return ['/', ...parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

function Badges({ entry }: { entry: TreeEntry }) {
  return (
    <span className="badge-slot">
      <StatusBadge status={entry.status} title={`${statusStyles[entry.status].name} by layer ${entry.layer}`} />
      {entry.wasted && entry.status !== 'removed' && <StatusBadge status="wasted" title="Stored here, hidden by a later layer (waste)" />}
    </span>
  );
}

function EntryRow({
  row,
  expanded,
  selected,
  onToggle,
  onSelect,
  flat,
}: {
  row: Row;
  expanded: boolean;
  selected: boolean;
  onToggle: () => void;
  onSelect: () => void;
  flat: boolean;
}) {
  const { entry } = row;
  const isDir = isFolder(entry);
  return (
    <div
      className={`tree-row${selected ? ' selected' : ''}${entry.status === 'removed' ? ' removed' : ''}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={isDir && !flat ? expanded : undefined}
      aria-selected={selected}
      data-testid="tree-row"
      data-path={entry.path}
      data-status={entry.status}
      onClick={() => {
        onSelect();
        if (isDir && !flat) onToggle();
      }}
    >
      <span className="tree-name" style={{ paddingLeft: flat ? 6 : 6 + row.depth * 16 }}>
        <span className="twisty" aria-hidden="true">
          {isDir && !flat ? (expanded ? '▾' : '▸') : ''}
        </span>
        <span className={entry.kind === 'dir' ? 'entry-name dir' : 'entry-name'} title={entry.path}>
          {flat ? entry.path : entry.name}
          {entry.kind === 'dir' && !flat ? '/' : ''}
        </span>
        {entry.linkTarget !== undefined && <span className="muted link-target"> → {entry.linkTarget}</span>}
      </span>
      <Badges entry={entry} />
      <span className="tree-category muted">{entry.category ? categoryNames[entry.category] : ''}</span>
      <span className="tree-layer muted numeric" title="Layer that wrote it">
        #{entry.layer}
      </span>
      <span className="tree-files muted numeric">{entry.kind === 'dir' ? entry.fileCount.toLocaleString('en') : ''}</span>
      <span className="tree-size numeric" data-testid="tree-size">
        {formatBytes(entry.bytes)}
      </span>
    </div>
  );
}

export function FileTree({ imageId, view, statusesRelativeTo, reveal }: Props) {
  const client = useClient();
  const [sort, setSort] = useState<'size' | 'name'>('size');
  const [shown, setShown] = useState<ShownKinds>(everyKind);
  const hideUnchanged = !shown.unmodified;
  const [filter, setFilter] = useState('');
  const [query, setQuery] = useState('');
  const [listings, setListings] = useState<Map<string, TreeEntry[]>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState<{ matches: TreeEntry[]; total: number; totalBytes: number }>();
  const [error, setError] = useState<ApiErrorData>();
  const [selected, setSelected] = useState<string>();
  const scroller = useRef<HTMLDivElement>(null);
  const generation = useRef(0);
  const pendingReveal = useRef<string | undefined>(undefined);
  const expandedRef = useRef(expanded);
  useEffect(() => {
    expandedRef.current = expanded;
  }, [expanded]);

  const options = useMemo(() => ({ layer: view.layer, scope: view.scope, sort, hideUnchanged }), [view.layer, view.scope, sort, hideUnchanged]);

  const load = useCallback(
    async (path: string, gen: number): Promise<TreeEntry[] | undefined> => {
      try {
        const listing = await client.listDirectory(imageId, { ...options, path, limit: 50_000 });
        if (gen !== generation.current) return undefined;
        setListings((current) => new Map(current).set(path, listing.entries));
        return listing.entries;
      } catch (failure) {
        if (gen === generation.current) setError(toErrorData(failure));
        return undefined;
      }
    },
    [client, imageId, options],
  );

  // A new view, sort or filter of changes: start again from the root, keeping what was open.
  useEffect(() => {
    const gen = ++generation.current;
    setError(undefined);
    setListings(new Map());
    void (async () => {
      const open = [...expandedRef.current].sort((a, b) => a.length - b.length);
      await load('/', gen);
      await Promise.all(open.filter((path) => path !== '/').map((path) => load(path, gen)));
    })();
  }, [load]);

  // Debounced search.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(filter.trim()), 200);
    return () => clearTimeout(timer);
  }, [filter]);

  useEffect(() => {
    if (!query) {
      setSearch(undefined);
      return;
    }
    let live = true;
    client.searchFiles(imageId, { layer: view.layer, scope: view.scope, query, limit: searchLimit, hideUnchanged }).then(
      (result) => live && setSearch(result),
      (failure: unknown) => live && setError(toErrorData(failure)),
    );
    return () => {
      live = false;
    };
  }, [client, imageId, view.layer, view.scope, query, hideUnchanged]);

  const rows = useMemo<Row[]>(() => {
    if (search) return search.matches.filter((entry) => entryShown(entry, shown)).map((entry) => ({ entry, depth: 0 }));
    const result: Row[] = [];
    const walk = (path: string, depth: number) => {
      for (const entry of listings.get(path) ?? []) {
        if (!entryShown(entry, shown)) continue;
        result.push({ entry, depth });
        if (entry.kind === 'dir' && expanded.has(entry.path)) walk(entry.path, depth + 1);
      }
    };
    walk('/', 0);
    return result;
  }, [listings, expanded, search, shown]);

  // TanStack Virtual returns functions the React Compiler cannot memoise; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const toggle = useCallback(
    (path: string) => {
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(path)) next.delete(path);
        else {
          next.add(path);
          if (!listings.has(path)) void load(path, generation.current);
        }
        return next;
      });
    },
    [listings, load],
  );

  // Reveal: open every ancestor, then select and scroll to the path.
  useEffect(() => {
    if (!reveal) return;
    const gen = generation.current;
    setFilter('');
    setQuery('');
    pendingReveal.current = reveal.path;
    void (async () => {
      const chain = ancestorsOf(reveal.path);
      for (const dir of chain) {
        if (!listings.has(dir)) await load(dir, gen);
      }
      setExpanded((current) => new Set([...current, ...chain.filter((dir) => dir !== '/')]));
      setSelected(reveal.path);
    })();
    // Only a new reveal request starts this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  useEffect(() => {
    const path = pendingReveal.current;
    if (!path) return;
    const index = rows.findIndex((row) => row.entry.path === path);
    if (index >= 0) {
      pendingReveal.current = undefined;
      virtualizer.scrollToIndex(index, { align: 'center' });
      scroller.current?.focus({ preventScroll: true });
    }
  }, [rows, virtualizer]);

  const selectedIndex = rows.findIndex((row) => row.entry.path === selected);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const select = (index: number) => {
      event.preventDefault();
      const bounded = Math.max(0, Math.min(rows.length - 1, index));
      setSelected(rows[bounded].entry.path);
      virtualizer.scrollToIndex(bounded);
    };
    const current = selectedIndex >= 0 ? rows[selectedIndex] : undefined;
    switch (event.key) {
      case 'ArrowDown':
        return select(selectedIndex + 1);
      case 'ArrowUp':
        return select(selectedIndex < 0 ? 0 : selectedIndex - 1);
      case 'Home':
        return select(0);
      case 'End':
        return select(rows.length - 1);
      case 'PageDown':
        return select(selectedIndex + Math.floor(listHeight / rowHeight));
      case 'PageUp':
        return select(selectedIndex - Math.floor(listHeight / rowHeight));
      case 'ArrowRight':
        if (current && current.entry.kind === 'dir' && !search) {
          if (!expanded.has(current.entry.path)) {
            event.preventDefault();
            toggle(current.entry.path);
          } else select(selectedIndex + 1);
        }
        return;
      case 'ArrowLeft':
        if (current && !search) {
          event.preventDefault();
          if (current.entry.kind === 'dir' && expanded.has(current.entry.path)) toggle(current.entry.path);
          else {
            let parent = selectedIndex - 1;
            while (parent >= 0 && rows[parent].depth !== current.depth - 1) parent -= 1;
            if (parent >= 0) select(parent);
          }
        }
        return;
      case 'Enter':
        if (current && current.entry.kind === 'dir' && !search) {
          event.preventDefault();
          toggle(current.entry.path);
        }
        return;
    }
  };

  const rootEntries = listings.get('/');
  return (
    <div className="file-tree" data-testid="file-tree" data-layer={view.layer ?? ''} data-scope={view.layer === undefined ? 'image' : view.scope}>
      <div className="tree-toolbar">
        <input
          type="search"
          className="filter tree-filter"
          placeholder="Filter by path or glob (*.map, /usr/**/*.a)"
          aria-label="Filter files by path or glob"
          data-testid="tree-filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <label className="inline-field">
          Sort
          <select value={sort} onChange={(event) => setSort(event.target.value as 'size' | 'name')} data-testid="tree-sort">
            <option value="size">by size</option>
            <option value="name">by name</option>
          </select>
        </label>
        <KindFilter shown={shown} onChange={setShown} />
      </div>
      <StatusLegend relativeTo={statusesRelativeTo} />
      <div className="tree-header" aria-hidden="true">
        <span>{search ? `${plural(search.total, 'match', 'matches')} · ${formatBytes(search.totalBytes)}` : 'Name'}</span>
        <span />
        <span>Finding</span>
        <span className="numeric">Layer</span>
        <span className="numeric">Files</span>
        <span className="numeric">Size</span>
      </div>
      <div
        className="tree-scroller"
        ref={scroller}
        style={{ height: listHeight }}
        tabIndex={0}
        role="tree"
        aria-label="Files"
        data-testid="tree-scroller"
        data-ready={rootEntries ? 'true' : 'false'}
        onKeyDown={onKey}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div key={row.entry.path} className="tree-row-slot" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}>
                <EntryRow
                  row={row}
                  flat={!!search}
                  expanded={expanded.has(row.entry.path)}
                  selected={row.entry.path === selected}
                  onSelect={() => setSelected(row.entry.path)}
                  onToggle={() => toggle(row.entry.path)}
                />
              </div>
            );
          })}
        </div>
        {rootEntries && rows.length === 0 && (
          <p className="muted tree-empty">{search ? 'No file matches.' : showsEverything(shown) ? 'Empty.' : 'Nothing of the kinds shown here.'}</p>
        )}
        {!rootEntries && !error && <p className="muted tree-empty">Loading…</p>}
        {error && <p className="inline-error tree-empty">{error.message}</p>}
      </div>
    </div>
  );
}
