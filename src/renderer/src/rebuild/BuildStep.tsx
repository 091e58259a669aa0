/**
 * Step 2: the build as it happens: the phases (proposal, original, lean, verification) with step n/m and
 * the current instruction, the log lines, and Cancel. Failures: BUILD_FAILED with the failing step's log,
 * CANCELLED, and the rest with their message.
 */
import { useEffect, useRef } from 'react';
import type { ApiErrorData } from '../../../shared/errors';
import { phaseOrder, phaseTitles, type BuildLog } from './build-log';

interface Props {
  log: BuildLog;
  /** null while running. */
  error: ApiErrorData | null;
  cancelling: boolean;
  onCancel: () => void;
  onBack: () => void;
  onRetry: () => void;
}

function PhaseList({ log, failed }: { log: BuildLog; failed: boolean }) {
  return (
    <ol className="rb-phases" data-testid="rebuild-phases">
      {phaseOrder.map((phase) => {
        const at = log.phases[phase];
        const state = failed && log.current === phase ? 'failed' : at.state;
        const icon = state === 'done' ? '✓' : state === 'failed' ? '✕' : state === 'running' ? '' : '○';
        return (
          <li key={phase} className={`rb-phase rb-phase-${state}`} data-testid={`rebuild-phase-${phase}`} data-state={state} aria-current={state === 'running' ? 'step' : undefined}>
            <span className="rb-phase-icon" aria-hidden="true">
              {state === 'running' ? <span className="spinner small" /> : icon}
            </span>
            <span className="rb-phase-name">{phaseTitles[phase]}</span>
            {at.total !== undefined && at.total > 0 && phase !== 'plan' && (
              <span className="numeric muted" data-testid={`rebuild-step-${phase}`}>
                step {at.step}/{at.total}
              </span>
            )}
            {state === 'running' && at.instruction && <code className="rb-phase-instruction">{at.instruction}</code>}
          </li>
        );
      })}
    </ol>
  );
}

export function BuildStep({ log, error, cancelling, onCancel, onBack, onRetry }: Props) {
  const logRef = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  const running = error === null;
  const current = log.current ? log.phases[log.current] : undefined;
  const ratio = current?.total ? Math.min(1, current.step / current.total) : undefined;

  useEffect(() => {
    const element = logRef.current;
    if (element && follow.current) element.scrollTop = element.scrollHeight;
  }, [log.lines]);

  const cancelled = error?.code === 'CANCELLED';
  return (
    <div className="rb-build" data-testid="rebuild-build-step">
      <section className="card">
        <div className="rb-build-head">
          <h3>{running ? 'Building…' : cancelled ? 'Build cancelled' : 'The rebuild failed'}</h3>
          {running && (
            <button onClick={onCancel} disabled={cancelling} data-testid="rebuild-cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
        </div>
        <div role="status" aria-live="polite" className="rb-status" data-testid="rebuild-status">
          {running && log.current && (
            <>
              {phaseTitles[log.current]}
              {current?.total ? ` · step ${current.step} of ${current.total}` : ''}
            </>
          )}
        </div>
        {running && (
          <div className={ratio === undefined ? 'progress-track indeterminate' : 'progress-track'} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={ratio === undefined ? undefined : Math.round(ratio * 100)} aria-label="Progress of the current phase">
            <span className="progress-fill" style={ratio === undefined ? undefined : { width: `${ratio * 100}%` }} />
          </div>
        )}
        <PhaseList log={log} failed={!running && !cancelled} />
      </section>

      {error && (
        <section className={cancelled ? 'card' : 'card error-panel'} role={cancelled ? undefined : 'alert'} data-testid="rebuild-error" data-code={error.code}>
          <h3>{cancelled ? 'Cancelled' : error.code === 'BUILD_FAILED' ? 'The build failed' : 'The rebuild could not finish'}</h3>
          {!cancelled && <p className="error-message">{error.message}</p>}
          {cancelled && <p className="muted">The engine stopped the work. The phase that was cancelled tagged nothing; images finished before it keep their tags.</p>}
          {error.code === 'BUILD_FAILED' && error.detail && (
            <>
              <h4>Log of the failing step</h4>
              <pre className="rb-log rb-log-error" data-testid="rebuild-failed-log">
                {error.detail}
              </pre>
            </>
          )}
          {error.code !== 'BUILD_FAILED' && !cancelled && error.detail && <p className="muted small">{error.detail}</p>}
          <div className="actions">
            <button className="primary" onClick={onRetry} data-testid="rebuild-retry">
              {cancelled ? 'Build again' : 'Try again'}
            </button>
            <button onClick={onBack} data-testid="rebuild-back-to-plan">
              Back to the proposal
            </button>
          </div>
        </section>
      )}

      <section className="card">
        <h3>
          Log <span className="muted small">{log.lines.length + log.dropped} lines</span>
        </h3>
        <pre
          ref={logRef}
          className="rb-log"
          role="log"
          aria-label="Build log"
          tabIndex={0}
          data-testid="rebuild-log"
          onScroll={(event) => {
            const element = event.currentTarget;
            follow.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          }}
        >
          {log.dropped > 0 && <span className="muted">… {log.dropped} earlier lines not shown{'\n'}</span>}
          {log.lines.map((line, index) => (
            <span key={index} className={line.step ? 'rb-log-step' : undefined}>
              {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      </section>
    </div>
  );
}
