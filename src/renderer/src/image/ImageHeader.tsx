/** Who the image is: back, its name and the page's actions on one line; other tags, id, engine size, age and platform on the next. */
import type { ReactNode } from 'react';
import type { ImageDetail } from '../../../shared/contract';
import { formatAge, shortId } from '../../../shared/format';
import { IdentityFacts } from './IdentityFacts';

export function ImageHeader({ detail, back, actions }: { detail: ImageDetail; back: ReactNode; actions?: ReactNode }) {
  const created = Date.parse(detail.created);
  const platform = [detail.os, detail.architecture, detail.variant].filter(Boolean).join('/');
  return (
    <header className="image-header">
      <div className="page-toolbar image-title-row">
        {back}
        <h1 data-testid="image-title">{detail.repoTags[0] ?? `untagged ${shortId(detail.id)}`}</h1>
        {actions}
      </div>
      <dl className="facts-line">
        {detail.repoTags.length > 1 && (
          <div>
            <dt>Also</dt>
            <dd>{detail.repoTags.slice(1).join(', ')}</dd>
          </div>
        )}
        <IdentityFacts
          id={detail.id}
          sizeBytes={detail.sizeBytes}
          layers={detail.layers.length}
          sizeTitle="As the engine counts it (docker images)"
        />
        <div>
          <dt>Created</dt>
          <dd title={Number.isFinite(created) ? new Date(created).toLocaleString() : detail.created}>
            {Number.isFinite(created) ? formatAge(created / 1000) : '–'}
          </dd>
        </div>
        <div>
          <dt>Platform</dt>
          <dd>{platform}</dd>
        </div>
        {detail.author && (
          <div>
            <dt>Author</dt>
            <dd>{detail.author}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
