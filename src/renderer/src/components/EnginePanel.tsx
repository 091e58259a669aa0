/** Shown instead of the pages while the engine is unreachable: what is wrong and how to fix it. */
import { useState } from 'react';
import type { ConnectionStatus } from '../../../shared/contract';
import { CopyableCommand } from './CopyableCommand';
import { RetryCountdown } from './RetryCountdown';

const dockerGroupFix = 'sudo usermod -aG docker $USER';

export function EnginePanel({ status, onRetry }: { status: ConnectionStatus; onRetry: () => Promise<void> }) {
  const [retrying, setRetrying] = useState(false);
  const error = status.error;
  const retry = () => {
    setRetrying(true);
    void onRetry().finally(() => setRetrying(false));
  };
  return (
    <section className="panel error-panel" data-testid="engine-error" role="alert">
      <h2>Cannot talk to the container engine</h2>
      <p className="error-message">{error?.message ?? 'The engine is not reachable.'}</p>
      {error?.code === 'DOCKER_PERMISSION_DENIED' && (
        <div className="fix">
          <p>
            <strong>Fix:</strong> add your user to the <code>docker</code> group, then log out and back in (or run{' '}
            <code>newgrp docker</code>):
          </p>
          <CopyableCommand command={dockerGroupFix} />
        </div>
      )}
      <p className="muted">Looking at: {status.endpoint}</p>
      <div className="actions">
        <button className="primary" data-testid="retry-button" onClick={retry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      </div>
      <RetryCountdown at={status.nextRetryAt} />
      {error?.detail && (
        <details>
          <summary>Details</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
    </section>
  );
}
