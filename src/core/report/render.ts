/** One report in any format: text formats here, PDF through the host's printer (Electron or headless Chromium). */
import { LayerLensError } from '../../shared/errors';
import { reportFileName, reportFormatInfo, type PaperSize, type ReportFormat, type SizeReport } from '../../shared/report';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';

/** Prints the report view of a report kept in core (route `#/report/<id>`) to PDF bytes. */
export type ReportPdfPrinter = (reportId: string, paper: PaperSize, signal: AbortSignal) => Promise<Uint8Array>;

export function reportJson(report: SizeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface RenderedFile {
  fileName: string;
  mimeType: string;
  data: string | Uint8Array;
}

export async function renderReportFile(
  report: SizeReport,
  format: ReportFormat,
  options: { paper?: PaperSize; printer?: ReportPdfPrinter; signal?: AbortSignal } = {},
): Promise<RenderedFile> {
  const paper = options.paper ?? 'a4';
  const base = { fileName: reportFileName(report, format), mimeType: reportFormatInfo[format].mimeType };
  switch (format) {
    case 'json':
      return { ...base, data: reportJson(report) };
    case 'md':
      return { ...base, data: reportMarkdown(report) };
    case 'html':
      return { ...base, data: reportHtml(report, paper) };
    case 'pdf': {
      if (!options.printer) {
        throw new LayerLensError(
          'INVALID_ARGUMENT',
          'PDF export is not available here: it needs the desktop app or a Chromium (layerlens report --pdf, or serve with a Chromium).',
        );
      }
      return { ...base, data: await options.printer(report.id, paper, options.signal ?? new AbortController().signal) };
    }
  }
}
