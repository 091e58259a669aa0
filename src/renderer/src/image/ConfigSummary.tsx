/** What the image runs and how: the parts of its config that matter when reviewing it. */
import type { ReactNode } from 'react';
import type { ImageConfigSummary } from '../../../shared/contract';

function Command({ parts }: { parts: string[] | null }) {
  if (!parts || parts.length === 0) return <span className="muted">not set</span>;
  // The exec form, as one would write it in a Dockerfile.
  return <code>{JSON.stringify(parts)}</code>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function ConfigSummary({ config }: { config: ImageConfigSummary }) {
  const labels = Object.entries(config.labels);
  return (
    <dl className="config-summary" data-testid="config-summary">
      <Row label="Command">
        <Command parts={config.cmd} />
      </Row>
      <Row label="Entrypoint">
        <Command parts={config.entrypoint} />
      </Row>
      <Row label="User">
        {config.user ? (
          <code>{config.user}</code>
        ) : (
          <span>
            root <span className="muted">(no USER set)</span>
          </span>
        )}
      </Row>
      <Row label="Workdir">{config.workingDir ? <code>{config.workingDir}</code> : <span className="muted">/ (not set)</span>}</Row>
      <Row label="Ports">
        {config.exposedPorts.length > 0 ? (
          config.exposedPorts.map((port) => (
            <span key={port} className="badge">
              {port}
            </span>
          ))
        ) : (
          <span className="muted">none exposed</span>
        )}
      </Row>
      {config.stopSignal && (
        <Row label="Stop signal">
          <code>{config.stopSignal}</code>
        </Row>
      )}
      {config.healthcheck && (
        <Row label="Healthcheck">
          <Command parts={config.healthcheck} />
        </Row>
      )}
      <Row label="Env">
        {config.env.length > 0 ? (
          <ul className="plain-list mono">
            {config.env.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : (
          <span className="muted">none</span>
        )}
      </Row>
      <Row label="Labels">
        {labels.length > 0 ? (
          <ul className="plain-list mono">
            {labels.map(([key, value]) => (
              <li key={key}>
                {key}={value}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">none</span>
        )}
      </Row>
    </dl>
  );
}
