/** Browser front door only: the page lost its server, or was opened without the token. */
import type { LinkState } from '../bridge/link';
import { ErrorPanel } from './ErrorPanel';

export function LinkPanel({ link, onRetry }: { link: Exclude<LinkState, { kind: 'ok' }>; onRetry: () => void }) {
  const unauthorized = link.kind === 'unauthorized';
  return (
    <ErrorPanel
      title={unauthorized ? 'Not authorised' : 'LayerLens server unreachable'}
      message={link.message}
      testId={unauthorized ? 'unauthorized' : 'server-unreachable'}
      actions={
        <button className="primary" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {!unauthorized && <p className="muted">This page reconnects by itself when the server is back.</p>}
    </ErrorPanel>
  );
}
