/** Progress of a long operation: the phase in words, bytes or steps, a bar when the total is known, an ETA once stable, Cancel. */
import type { Progress } from '../hooks/useOperation';
import { etaText, progressText } from '../lib/progress-text';

interface Props {
  progress?: Progress;
  /** What to say before the first progress event. */
  label: string;
  onCancel: () => void;
  testId?: string;
}

export function ProgressBar({ progress, label, onCancel, testId }: Props) {
  const text = progress ? progressText(progress) : undefined;
  const ratio = text?.ratio;
  return (
    <div className="progress" data-testid={testId ?? 'progress'} role="status" aria-live="polite">
      <div className="progress-line">
        <span className="spinner small" aria-hidden="true" />
        <span className="progress-phase" data-testid="progress-phase">
          {text?.label ?? label}
        </span>
        <span className="muted numeric" data-testid="progress-amount">
          {text?.amount}
        </span>
        {progress?.etaSeconds !== undefined && (
          <span className="muted" data-testid="progress-eta">
            · {etaText(progress.etaSeconds)}
          </span>
        )}
        <button className="progress-cancel" data-testid="cancel-analysis" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className={ratio === undefined ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={text?.label ?? label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio === undefined ? undefined : Math.round(ratio * 100)}
      >
        <span className="progress-fill" style={ratio === undefined ? undefined : { width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}
