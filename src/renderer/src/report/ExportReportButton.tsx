/**
 * "Export report…": builds the report (progress from the analysis), then saves it — through the save dialog
 * in the desktop app (`exportReport`), as a download in a browser (`renderReport`). For the image page, the
 * compare page (`compareWith`: the after image) and the rebuild result (`rebuild`).
 */
import { useEffect, useRef, useState } from 'react';
import type { AnalysisSource } from '../../../shared/analysis';
import { formatBytes } from '../../../shared/format';
import { reportFormatInfo, reportFormats, type PaperSize, type ReportFormat, type ReportRebuild, type SizeReport } from '../../../shared/report';
import { Popover } from '../components/Popover';
import { useClient } from '../hooks/bridge-context';
import { newOperationId } from '../lib/operation-id';
import { progressText } from '../lib/progress-text';
import { reportHash } from './report-route';

export interface ExportReportButtonProps {
  source: AnalysisSource;
  /** The image after the change: the report is then a before/after comparison. */
  compareWith?: AnalysisSource;
  rebuild?: ReportRebuild;
  label?: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'working'; text: string; done?: number; total?: number }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string };

function phaseText(phase: string, done: number, total?: number): string {
  const text = progressText({ phase, done, total });
  return `${text.label}${text.amount ? `: ${text.amount}` : ''}…`;
}

function download(fileName: string, mimeType: string, content: string, encoding: 'utf8' | 'base64'): void {
  const data = encoding === 'base64' ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : content;
  const url = URL.createObjectURL(new Blob([data], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportReportButton({ source, compareWith, rebuild, label = 'Export report…' }: ExportReportButtonProps) {
  const client = useClient();
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [paper, setPaper] = useState<PaperSize>('a4');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  // The report built for these props (another image is another report).
  const key = JSON.stringify([source, compareWith ?? null, rebuild ?? null]);
  const [built, setBuilt] = useState<{ key: string; report: SizeReport }>();
  const report = built?.key === key ? built.report : undefined;
  const operation = useRef<string | undefined>(undefined);
  const desktop = typeof window !== 'undefined' && window.layerlens !== undefined;

  useEffect(
    () =>
      client.on('progress', (event) => {
        if (event.operationId !== operation.current) return;
        setPhase({ kind: 'working', text: phaseText(event.phase, event.done, event.total), done: event.done, total: event.total });
      }),
    [client],
  );

  const run = async () => {
    const id = newOperationId();
    operation.current = id;
    setPhase({ kind: 'working', text: 'Preparing the report…' });
    try {
      const current = report ?? (await client.buildReport(source, { compareWith, rebuild, operationId: id }));
      setBuilt({ key, report: current });
      const renderId = `${id}-out`;
      operation.current = renderId;
      if (desktop) {
        const result = await client.exportReport(current.id, { format, paper, operationId: renderId });
        setPhase(result.saved ? { kind: 'done', text: `Saved ${result.path} (${formatBytes(result.bytes)})` } : { kind: 'idle' });
      } else {
        const file = await client.renderReport(current.id, { format, paper, operationId: renderId });
        download(file.fileName, file.mimeType, file.content, file.encoding);
        setPhase({ kind: 'done', text: `Downloaded ${file.fileName} (${formatBytes(file.bytes)})` });
      }
    } catch (error) {
      const e = error as { code?: string; message?: string };
      setPhase(e.code === 'CANCELLED' ? { kind: 'idle' } : { kind: 'error', text: e.message ?? String(error) });
    } finally {
      operation.current = undefined;
    }
  };

  const cancel = () => {
    if (operation.current) void client.cancel(operation.current);
  };

  const working = phase.kind === 'working';
  return (
    <Popover
      label={label}
      panelLabel="Export report"
      testId="export-report"
      className="export-report"
      sticky={working}
      buttonTitle="A size report: PDF, HTML, Markdown or JSON"
    >
      <label>
        Format{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)} disabled={working}>
          {reportFormats.map((f) => (
            <option key={f} value={f}>
              {reportFormatInfo[f].label}
            </option>
          ))}
        </select>
      </label>{' '}
      {(format === 'pdf' || format === 'html') && (
        <label>
          Paper{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as PaperSize)} disabled={working}>
            <option value="a4">A4</option>
            <option value="letter">Letter</option>
          </select>
        </label>
      )}{' '}
      {working ? (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      ) : (
        <button type="button" onClick={() => void run()}>
          {desktop ? 'Save…' : 'Download'}
        </button>
      )}
      {report && (
        <>
          {' '}
          <a href={reportHash(report.id, paper)}>Preview</a>
        </>
      )}
      <div className="export-report-status" role="status" aria-live="polite">
        {working && (
          <>
            <progress max={phase.total} value={phase.total ? Math.min(phase.done ?? 0, phase.total) : undefined} /> {phase.text}
          </>
        )}
        {phase.kind === 'done' && phase.text}
        {phase.kind === 'error' && <span className="inline-error">{phase.text}</span>}
      </div>
    </Popover>
  );
}
