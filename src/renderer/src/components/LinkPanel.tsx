/** Browser front door only: the page lost its server, or was opened without the token. */
import type { LinkState } from '../bridge/link';

export function LinkPanel({ link, onRetry }: { link: Exclude<LinkState, { kind: 'ok' }>; onRetry: () => void }) {
  const unauthorized = link.kind === 'unauthorized';
  return (
    <section className="panel error-panel" data-testid={unauthorized ? 'unauthorized' : 'server-unreachable'} role="alert">
      <h2>{unauthorized ? 'Not authorised' : 'LayerLens server unreachable'}</h2>
      <p className="error-message">{link.message}</p>
      {!unauthorized && <p className="muted">This page reconnects by itself when the server is back.</p>}
      <div className="actions">
        <button className="primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </section>
  );
}
