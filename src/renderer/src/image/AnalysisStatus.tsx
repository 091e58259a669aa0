/** The file-level analysis on its way (named phase, bytes, ETA once stable, Cancel) or failed; the explorer takes its place once it is done. */
import type { ImageAnalysis } from '../../../shared/analysis';
import { CodeText } from '../components/CodeText';
import { ProgressBar } from '../components/ProgressBar';
import type { OperationState } from '../hooks/useOperation';

export function AnalysisStatus({
  state,
  onCancel,
  onRetry,
}: {
  state: Exclude<OperationState<ImageAnalysis>, { kind: 'done' }>;
  onCancel: () => void;
  onRetry: () => void;
}) {
  if (state.kind === 'running') {
    return (
      <section className="card analysis-running" data-testid="analysis-running">
        <ProgressBar progress={state.progress} label="Starting the analysis…" onCancel={onCancel} />
        <p className="muted small">
          The treemap, the files, the waste and the findings appear here when the analysis has read every file. The layers below are the engine’s own
          figures.
        </p>
      </section>
    );
  }
  const cancelled = state.error.code === 'CANCELLED';
  return (
    <section className={cancelled ? 'card' : 'card error-panel'} data-testid="analysis-failed" role={cancelled ? undefined : 'alert'}>
      <h2>{cancelled ? 'Analysis cancelled' : 'The analysis failed'}</h2>
      {!cancelled && (
        <p className="error-message">
          <CodeText text={state.error.message} />
        </p>
      )}
      <div className="actions">
        <button className="primary" onClick={onRetry} data-testid="analyse-again">
          Analyse again
        </button>
      </div>
    </section>
  );
}
