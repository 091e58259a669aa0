/** The file-level diff: filterable by path or glob and by kind of change, largest change first, paged. */
import { useEffect, useRef, useState } from 'react';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import type { FileDiffChange, FileDiffPage, ImageComparison } from '../../../shared/explore';
import { formatBytes } from '../../../shared/format';
import { useClient } from '../hooks/bridge-context';
import { plural } from '../lib/plural';
import type { Status } from '../image/status';
import { StatusBadge, StatusLegend } from '../image/StatusBadge';
import { deltaClass, signedBytes } from './signed-bytes';

/** A file diff's change in the explorer's vocabulary: the same letters and colours. */
const changeStatus: Record<FileDiffChange, Status> = { added: 'added', removed: 'removed', changed: 'modified' };

export function FileDiff({ comparison }: { comparison: ImageComparison }) {
  const client = useClient();
  const [filter, setFilter] = useState('');
  const [change, setChange] = useState<FileDiffChange | 'all'>('all');
  const [page, setPage] = useState<FileDiffPage>(comparison.fileDiff);
  const [error, setError] = useState<ApiErrorData>();
  const request = useRef(0);
  const { a, b, files } = comparison;

  useEffect(() => {
    const n = ++request.current;
    const timer = setTimeout(() => {
      client.getFileDiff(a.id, b.id, { filter, change, limit: 500 }).then(
        (result) => n === request.current && (setPage(result), setError(undefined)),
        (failure: unknown) => n === request.current && setError(toErrorData(failure)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [client, a.id, b.id, filter, change]);

  const more = () => {
    const n = ++request.current;
    client.getFileDiff(a.id, b.id, { filter, change, offset: page.entries.length, limit: 500 }).then(
      (result) => n === request.current && setPage({ ...result, entries: [...page.entries, ...result.entries], offset: 0 }),
      (failure: unknown) => n === request.current && setError(toErrorData(failure)),
    );
  };

  return (
    <section className="card" data-testid="file-diff">
      <div className="toolbar">
        <h2>Files</h2>
        <span className="muted" data-testid="file-diff-summary">
          {plural(files.added, 'file')} added ({formatBytes(files.addedBytes)}) · {files.removed.toLocaleString('en')} removed (
          {formatBytes(files.removedBytes)}) · {files.changed.toLocaleString('en')} changed ({signedBytes(files.changedBytes)})
        </span>
      </div>
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Filter by path or glob"
          aria-label="Filter the file diff"
          data-testid="file-diff-filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <select
          value={change}
          onChange={(event) => setChange(event.target.value as FileDiffChange | 'all')}
          data-testid="file-diff-change"
          aria-label="Kind of change"
        >
          <option value="all">all changes</option>
          <option value="added">added</option>
          <option value="removed">removed</option>
          <option value="changed">changed</option>
        </select>
      </div>
      <StatusLegend relativeTo="from A to B" statuses={['added', 'modified', 'removed']} unchanged={false} />
      {error && <p className="inline-error">{error.message}</p>}
      <div className="diff-scroller">
        <table className="diff-table">
          <thead>
            <tr>
              <th />
              <th>Path</th>
              <th className="numeric">A</th>
              <th className="numeric">B</th>
              <th className="numeric">Δ</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((entry) => (
              <tr key={entry.path} data-testid="diff-row" data-change={entry.change}>
                <td>
                  <StatusBadge status={changeStatus[entry.change]} />
                </td>
                <td className="mono diff-path" title={entry.path}>
                  {entry.path}
                </td>
                <td className="numeric muted">{entry.change === 'added' ? '' : formatBytes(entry.bytesA)}</td>
                <td className="numeric muted">{entry.change === 'removed' ? '' : formatBytes(entry.bytesB)}</td>
                <td className={`numeric ${deltaClass(entry.delta)}`} data-testid="diff-delta">
                  {signedBytes(entry.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.entries.length === 0 && <p className="muted">No file differs{filter || change !== 'all' ? ' with this filter' : ''}.</p>}
      </div>
      {page.entries.length < page.total && (
        <button onClick={more} data-testid="file-diff-more">
          Show more ({(page.total - page.entries.length).toLocaleString('en')} left)
        </button>
      )}
    </section>
  );
}
