/** Progress of a long operation: phase, bytes (or steps), a bar when the total is known, ETA, Cancel. */
import { formatBytes } from '../../../shared/format';
import type { Progress } from '../hooks/useOperation';

const phaseNames: Record<string, string> = {
  read: 'Reading layers',
  analyse: 'Analysing',
  inspect: 'Inspecting',
};

export function phaseLabel(phase: string): string {
  const [prefix, rest] = phase.includes(': ') ? phase.split(': ', 2) : ['', phase];
  const name = phaseNames[rest] ?? rest;
  return prefix ? `Image ${prefix}: ${name.toLowerCase()}` : name;
}

function etaText(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.ceil(seconds / 60)} min left`;
}

export function ProgressBar({ progress, label, onCancel, testId }: { progress?: Progress; label: string; onCancel: () => void; testId?: string }) {
  const bytes = progress?.phase.endsWith('read');
  const ratio = progress?.total ? Math.min(1, progress.done / progress.total) : undefined;
  const amount = !progress
    ? ''
    : bytes
      ? `${formatBytes(progress.done)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''}`
      : progress.total
        ? `${progress.done} of ${progress.total}`
        : '';
  return (
    <div className="progress" data-testid={testId ?? 'progress'} role="status" aria-live="polite">
      <div className="progress-line">
        <span className="spinner small" aria-hidden="true" />
        <span className="progress-phase">{progress ? phaseLabel(progress.phase) : label}</span>
        <span className="muted numeric">{amount}</span>
        {progress?.etaSeconds !== undefined && <span className="muted">· {etaText(progress.etaSeconds)}</span>}
        <button className="progress-cancel" data-testid="cancel-analysis" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className={ratio === undefined ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio === undefined ? undefined : Math.round(ratio * 100)}
      >
        <span className="progress-fill" style={ratio === undefined ? undefined : { width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}
