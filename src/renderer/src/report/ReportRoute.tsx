/**
 * The `#/report/<id>` page: loads the report core keeps under that id and shows the report view over the
 * whole window (the app's own chrome is hidden, on screen and in print). When the view has been laid out it
 * sets `document.body.dataset.reportReady = 'true'` ('error' plus `reportError` when it cannot): the PDF
 * printers wait for that signal.
 */
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SizeReport } from '../../../shared/report';
import { useClient } from '../hooks/bridge-context';
import type { ReportAddress } from './report-route';
import { ReportView } from './ReportView';

const chromeStyles = `
body[data-report-mode] #root { display: none; }
body[data-report-mode] { background: #eef0f3; }
.rp-toolbar { position: sticky; top: 0; z-index: 1; display: flex; gap: 8px; align-items: center; justify-content: center;
  padding: 8px; background: #1d2129; color: #fff; font: 13px system-ui, sans-serif; }
.rp-toolbar button { font: inherit; padding: 4px 12px; border-radius: 4px; border: 1px solid #5d6675; background: #2b303a; color: #fff; cursor: pointer; }
.rp-status { max-width: 210mm; margin: 48px auto; font: 14px system-ui, sans-serif; color: #1d2129; }
@media print { .rp-toolbar { display: none !important; } body[data-report-mode] { background: #fff; } }
`;

type State = { kind: 'loading' } | { kind: 'ready'; report: SizeReport } | { kind: 'error'; message: string };

/** Two animation frames after the commit: layout and paint are done, fonts too. */
async function afterLayout(): Promise<void> {
  await document.fonts?.ready;
  await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** `address` comes from the app's router; none when the hash names no report. */
export function ReportRoute({ address }: { address?: ReportAddress }) {
  const client = useClient();
  const id = address?.id;
  // The answer for one id; another id (or none yet) is "loading".
  const [answer, setAnswer] = useState<{ id: string; state: State }>();
  const state = useMemo<State>(
    () => (!id ? { kind: 'error', message: 'The address names no report.' } : answer?.id === id ? answer.state : { kind: 'loading' }),
    [id, answer],
  );

  // Reading or printing mode for the whole document while this page is open.
  useEffect(() => {
    document.body.dataset.reportMode = 'true';
    return () => {
      delete document.body.dataset.reportMode;
      delete document.body.dataset.reportReady;
      delete document.body.dataset.reportError;
    };
  }, []);

  useEffect(() => {
    if (!id) return;
    let live = true;
    client.getReport(id).then(
      (report) => live && setAnswer({ id, state: { kind: 'ready', report } }),
      (error: Error) => live && setAnswer({ id, state: { kind: 'error', message: error.message } }),
    );
    return () => {
      live = false;
    };
  }, [client, id]);

  useEffect(() => {
    delete document.body.dataset.reportReady;
    if (state.kind === 'loading') return;
    let live = true;
    void afterLayout().then(() => {
      if (!live) return;
      if (state.kind === 'error') document.body.dataset.reportError = state.message;
      document.body.dataset.reportReady = state.kind === 'ready' ? 'true' : 'error';
    });
    return () => {
      live = false;
    };
  }, [state]);

  const back = () => (history.length > 1 ? history.back() : (location.hash = '#/'));
  return createPortal(
    <div className="rp-page">
      <style>{chromeStyles}</style>
      <div className="rp-toolbar">
        <button type="button" onClick={back}>
          ← Back
        </button>
        <button type="button" onClick={() => window.print()} disabled={state.kind !== 'ready'}>
          Print…
        </button>
      </div>
      {state.kind === 'loading' && <p className="rp-status">Loading the report…</p>}
      {state.kind === 'error' && (
        <p className="rp-status" role="alert">
          The report cannot be shown: {state.message}
        </p>
      )}
      {state.kind === 'ready' && <ReportView report={state.report} paper={address?.paper} />}
    </div>,
    document.body,
  );
}
