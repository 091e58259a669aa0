import type { AppInfo, ConnectionState, ConnectionStatus } from '../../../shared/contract';
import { engineKindOf, engineLabel } from './engine-advice';

interface Props {
  app?: AppInfo;
  status?: ConnectionStatus;
  /** False when the page cannot reach its server: whatever the engine was, we are not connected to it. */
  linkOk: boolean;
}

export function ConnectionBar({ app, status, linkOk }: Props) {
  const state: ConnectionState = !linkOk ? 'disconnected' : (status?.state ?? 'connecting');
  const engine = status?.engine;
  const kind = engineKindOf(status);
  return (
    <header className="connection-bar" data-testid="connection-bar">
      <span className="app-name">
        {app?.name ?? 'LayerLens'}
        {app && <span className="app-version">{app.version}</span>}
      </span>
      {engine ? (
        <span
          className="engine"
          data-testid="connection-engine"
          data-engine={engine.kind}
          title={[engine.operatingSystem, engine.kernelVersion].filter(Boolean).join(' · ')}
        >
          {engine.name} {engine.version}
          <span className="muted"> · API {engine.apiVersion}</span>
        </span>
      ) : (
        kind && (
          <span className="engine" data-testid="connection-engine" data-engine={kind} title="The engine last seen or named by the endpoint">
            {engineLabel(kind)}
          </span>
        )
      )}
      {status?.endpoint && (
        <span className="endpoint" title={status.endpoint}>
          {status.endpoint}
        </span>
      )}
      <span className={`state-pill state-${state}`} data-testid="connection-state" role="status">
        {state}
      </span>
    </header>
  );
}
