/** Shown instead of the pages while the engine is unreachable: what is wrong and how to fix it. */
import { useState } from 'react';
import type { ConnectionStatus } from '../../../shared/contract';
import { CopyableCommand } from './CopyableCommand';
import { engineFix, engineKindOf, engineLabel } from './engine-advice';
import { RetryCountdown } from './RetryCountdown';

export function EnginePanel({ status, onRetry }: { status: ConnectionStatus; onRetry: () => Promise<void> }) {
  const [retrying, setRetrying] = useState(false);
  const error = status.error;
  const kind = engineKindOf(status);
  const fix = engineFix(status);
  const retry = () => {
    setRetrying(true);
    void onRetry().finally(() => setRetrying(false));
  };
  return (
    <section className="panel error-panel" data-testid="engine-error" data-engine={kind ?? 'unknown'} role="alert">
      <h2>
        {kind === 'podman' ? 'Cannot talk to Podman' : kind === 'docker' ? 'Cannot talk to the Docker engine' : 'Cannot talk to the container engine'}
      </h2>
      <p className="error-message">{error?.message ?? 'The engine is not reachable.'}</p>
      {fix && (
        <div className="fix" data-testid="engine-fix">
          <p>
            <strong>Fix:</strong> {fix.text}
          </p>
          {fix.commands.map((command) => (
            <CopyableCommand key={command} command={command} />
          ))}
        </div>
      )}
      <p className="muted" data-testid="engine-endpoint">
        Looking at {engineLabel(kind) ?? 'the engine'}: {status.endpoint}
      </p>
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
