/**
 * The report capability behind the contract's `buildReport` / `getReport` / `renderReport` / `exportReport`.
 * What differs per front door comes in as a host: the PDF printer (Electron's printToPDF, or headless
 * Chromium for the CLI and `serve`) and the save dialog (desktop only).
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisSource } from '../../shared/analysis';
import { LayerLensError } from '../../shared/errors';
import {
  isPaperSize,
  isReportFormat,
  reportFileName,
  reportFormats,
  type BuildReportOptions,
  type ExportReportResult,
  type PaperSize,
  type RenderedReport,
  type RenderReportOptions,
  type ReportFormat,
  type SizeReport,
} from '../../shared/report';
import { compareAnalyses, diffFilesystems } from '../explore/compare';
import { writeFileAtomic } from '../fs/atomic-write';
import { renderReportFile } from '../report/render';
import { buildSizeReport } from '../report/report-model';
import { type ReadWork } from './image-analysis';
import type { HostServices } from './host-services';
import { loadReportSubject, type ReportSourceDeps } from './report-source';
import { ReportStore } from '../report/report-store';

export interface ReportServiceDeps extends ReportSourceDeps {
  version: string;
  host: Pick<HostServices, 'printPdf' | 'chooseSavePath'>;
  validateSource(source: unknown): AnalysisSource;
  now?: () => Date;
}

export function checkRenderOptions(options: unknown): { format: ReportFormat; paper: PaperSize } {
  const o = (options ?? {}) as Partial<RenderReportOptions>;
  if (!isReportFormat(o.format)) {
    throw new LayerLensError('INVALID_ARGUMENT', `A report format is one of ${reportFormats.join(', ')}.`);
  }
  if (o.paper !== undefined && !isPaperSize(o.paper)) throw new LayerLensError('INVALID_ARGUMENT', 'Paper is "a4" or "letter".');
  return { format: o.format, paper: o.paper ?? 'a4' };
}

export class ReportService {
  readonly store = new ReportStore();

  constructor(private readonly deps: ReportServiceDeps) {}

  async build(source: AnalysisSource, options: BuildReportOptions, work: ReadWork): Promise<SizeReport> {
    const sources = [this.deps.validateSource(source)];
    if (options.compareWith !== undefined) sources.push(this.deps.validateSource(options.compareWith));
    const subjects = [];
    for (const [i, s] of sources.entries()) {
      const label = sources.length > 1 ? (i === 0 ? 'before:' : 'after:') : undefined;
      subjects.push(await loadReportSubject(s, this.deps, work, { platform: options.platform, label, keepFinal: sources.length > 1 }));
    }
    // A comparison holds what the Compare page shows: the files, findings and packages that differ.
    const [before, after] = subjects;
    const comparison =
      after && before.final && after.final ? compareAnalyses(before.analysis, after.analysis, diffFilesystems(before.final, after.final)) : undefined;
    for (const subject of subjects) delete subject.final;
    const report = buildSizeReport({
      id: randomUUID(),
      subjects,
      rebuild: options.rebuild,
      comparison,
      title: typeof options.title === 'string' && options.title.trim() ? options.title.trim() : undefined,
      generatedAt: (this.deps.now ?? (() => new Date()))(),
      version: this.deps.version,
    });
    this.store.put(report);
    return report;
  }

  get(id: unknown): SizeReport {
    return this.store.get(id);
  }

  /** The report's bytes in a format; PDF through the host's printer. */
  async file(id: unknown, options: unknown, work: ReadWork) {
    const report = this.store.get(id);
    const { format, paper } = checkRenderOptions(options);
    work.progress(format === 'pdf' ? 'print' : 'render', 0, 1);
    const file = await renderReportFile(report, format, { paper, printer: this.deps.host.printPdf, signal: work.signal });
    work.progress(format === 'pdf' ? 'print' : 'render', 1, 1);
    return file;
  }

  async render(id: unknown, options: unknown, work: ReadWork): Promise<RenderedReport> {
    const file = await this.file(id, options, work);
    const binary = typeof file.data !== 'string';
    const bytes = binary ? Buffer.from(file.data as Uint8Array) : Buffer.from(file.data as string, 'utf8');
    return {
      fileName: file.fileName,
      mimeType: file.mimeType,
      encoding: binary ? 'base64' : 'utf8',
      content: binary ? bytes.toString('base64') : (file.data as string),
      bytes: bytes.length,
    };
  }

  /** Desktop: asks where to save (the save dialog), then writes the file atomically. */
  async export(id: unknown, options: unknown, work: ReadWork): Promise<ExportReportResult> {
    const report = this.store.get(id);
    const { format } = checkRenderOptions(options);
    if (!this.deps.host.chooseSavePath) {
      throw new LayerLensError('INVALID_ARGUMENT', 'Saving to a file needs the desktop app; in a browser the report is downloaded instead.');
    }
    const target = await this.deps.host.chooseSavePath(reportFileName(report, format), format);
    if (!target) return { saved: false };
    const file = await this.file(report.id, options, work);
    work.progress('write', 0, 1);
    await writeFileAtomic(target, file.data);
    work.progress('write', 1, 1);
    return { saved: true, path: target, bytes: typeof file.data === 'string' ? Buffer.byteLength(file.data) : file.data.length };
  }
}
