/**
 * Step 2: the build as it happens: the phases (reading, original, lean candidates, verification, measuring)
 * with step n/m, the current instruction and the latest thing each did ("lean: waiting for port 3000"),
 * each candidate as it is tried, the log (colour codes stripped), and Cancel. When it stops, nothing spins
 * any more; a failure has one heading, its message and its detail (the failing step's log), and "Try again"
 * returns to the form with every input kept, so something can be changed first.
 */
import { useEffect, useRef } from 'react';
import type { ApiErrorData } from '../../../shared/errors';
import type { LeanCandidate } from '../../../shared/rebuild';
import { stripAnsi } from '../../../shared/format';
import { phaseOrder, phaseTitles, type BuildLog, type CandidateProgress, type PhaseState } from './build-log';
import { plainMessage } from './wording';

interface Props {
  log: BuildLog;
  /** The plan's candidates, for their labels. */
  candidates: LeanCandidate[];
  /** null while running. */
  error: ApiErrorData | null;
  cancelling: boolean;
  onCancel: () => void;
  /** Back to the form, every input kept. */
  onRetry: () => void;
}

const stateWords: Record<PhaseState, string> = {
  waiting: 'waiting',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'stopped',
  skipped: 'not needed',
};
const icons: Record<PhaseState, string> = { waiting: '○', running: '', done: '✓', failed: '✕', cancelled: '■', skipped: '–' };

function PhaseList({ log }: { log: BuildLog }) {
  return (
    <ol className="rb-phases" data-testid="rebuild-phases">
      {phaseOrder.map((phase) => {
        const at = log.phases[phase];
        const state = at.state;
        return (
          <li
            key={phase}
            className={`rb-phase rb-phase-${state}`}
            data-testid={`rebuild-phase-${phase}`}
            data-state={state}
            aria-current={state === 'running' ? 'step' : undefined}
          >
            <span className="rb-phase-icon" aria-hidden="true">
              {state === 'running' ? <span className="spinner small" data-testid="rebuild-spinner" /> : icons[state]}
            </span>
            <span className="rb-phase-name">{phaseTitles[phase]}</span>
            <span className="rb-sr">{stateWords[state]}</span>
            {at.total !== undefined && at.total > 0 && (phase === 'build-original' || phase === 'build-lean') && (
              <span className="numeric muted" data-testid={`rebuild-step-${phase}`}>
                step {at.step}/{at.total}
              </span>
            )}
            {state === 'running' && at.instruction && <code className="rb-phase-instruction">{at.instruction}</code>}
            {at.activity && state !== 'waiting' && (
              <span className="rb-phase-activity muted small" data-testid={`rebuild-activity-${phase}`}>
                {at.activity}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

const candidateWords: Record<CandidateProgress['state'], string> = {
  building: 'building',
  verifying: 'verifying against the original',
  'did-not-build': 'did not build',
  differs: 'does not behave like the original',
  finished: 'finished',
  stopped: 'stopped',
};

function CandidateList({ tried, candidates }: { tried: CandidateProgress[]; candidates: LeanCandidate[] }) {
  if (tried.length === 0) return null;
  return (
    <ul className="rb-tried plain-list" data-testid="rebuild-tried">
      {tried.map((c) => {
        const label = candidates.find((known) => known.id === c.id)?.label;
        const busy = c.state === 'building' || c.state === 'verifying';
        return (
          <li key={c.id} data-testid="rebuild-tried-candidate" data-candidate={c.id} data-state={c.state}>
            <span className="rb-phase-icon" aria-hidden="true">
              {busy ? (
                <span className="spinner small" data-testid="rebuild-spinner" />
              ) : c.state === 'finished' ? (
                '✓'
              ) : c.state === 'stopped' ? (
                '■'
              ) : (
                '✕'
              )}
            </span>
            <strong>{c.id}</strong> {label && <span className="muted">{label}</span>} — {candidateWords[c.state]}
            {(c.state === 'did-not-build' || c.state === 'differs') && c.note && <span className="rb-tried-note">: {c.note}</span>}
          </li>
        );
      })}
    </ul>
  );
}

function Failure({ error, onRetry }: { error: ApiErrorData; onRetry: () => void }) {
  const cancelled = error.code === 'CANCELLED';
  const detail = error.detail ? stripAnsi(error.detail).trim() : '';
  const title = cancelled ? 'Build cancelled' : error.code === 'BUILD_FAILED' ? 'The build failed' : 'The rebuild could not finish';
  return (
    <section
      className={cancelled ? 'card' : 'card error-panel'}
      role={cancelled ? 'status' : 'alert'}
      data-testid="rebuild-error"
      data-code={error.code}
    >
      <h2 className="rb-error-title" data-testid="rebuild-error-title">
        {title}
      </h2>
      {cancelled ? (
        <p className="muted">The engine stopped the work. The phase that was cancelled tagged nothing; images finished before it keep their names.</p>
      ) : (
        <p className="error-message" data-testid="rebuild-error-message">
          {plainMessage(stripAnsi(error.message))}
        </p>
      )}
      {detail && (
        <>
          <p className="rb-label">{error.code === 'BUILD_FAILED' ? 'Log of the failing step' : 'Detail'}</p>
          <pre className="rb-log rb-log-error" data-testid="rebuild-failed-log" tabIndex={0}>
            {detail}
          </pre>
        </>
      )}
      <p className="muted small">
        {cancelled
          ? 'Your settings are kept.'
          : 'Your settings are kept: change what needs changing (the runtime base, the environment, the Dockerfile itself) and build again.'}
      </p>
      <div className="actions">
        <button className="primary" onClick={onRetry} data-testid="rebuild-retry">
          {cancelled ? 'Back to the settings' : 'Try again'}
        </button>
      </div>
    </section>
  );
}

export function BuildStep({ log, candidates, error, cancelling, onCancel, onRetry }: Props) {
  const logRef = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  const running = error === null;
  const current = log.current ? log.phases[log.current] : undefined;
  const ratio = running && current?.total ? Math.min(1, current.step / current.total) : undefined;

  useEffect(() => {
    const element = logRef.current;
    if (element && follow.current) element.scrollTop = element.scrollHeight;
  }, [log.lines]);

  return (
    <div className="rb-build" data-testid="rebuild-build-step">
      {error && <Failure error={error} onRetry={onRetry} />}
      <section className="card" aria-label="Progress">
        {running && (
          <div className="rb-build-head">
            <div role="status" aria-live="polite" className="rb-status" data-testid="rebuild-status">
              {log.current ? (
                <>
                  {phaseTitles[log.current]}
                  {current?.total ? ` · step ${current.step} of ${current.total}` : ''}
                </>
              ) : (
                'Starting…'
              )}
            </div>
            <button onClick={onCancel} disabled={cancelling} data-testid="rebuild-cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          </div>
        )}
        {running && (
          <div
            className={ratio === undefined ? 'progress-track indeterminate' : 'progress-track'}
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={ratio === undefined ? undefined : Math.round(ratio * 100)}
            aria-label="Progress of the current phase"
          >
            <span className="progress-fill" style={ratio === undefined ? undefined : { width: `${ratio * 100}%` }} />
          </div>
        )}
        <PhaseList log={log} />
        <CandidateList tried={log.candidates} candidates={candidates} />
      </section>

      <section className="card" aria-label="Build log">
        <div className="rb-log-head muted small">Log · {log.lines.length + log.dropped} lines</div>
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
          {log.dropped > 0 && (
            <span className="muted">
              … {log.dropped} earlier lines not shown{'\n'}
            </span>
          )}
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
