/**
 * `layerlens report <image|archive|oci-dir> [--compare <…>] (--pdf|--md|--html|--json) -o FILE`: the size
 * report as a file. PDF: the report view of the built renderer, served in-process on 127.0.0.1 with a token,
 * printed by a headless Chromium found on the machine. The file is written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LayerLensCore } from '../../core/api/layerlens-core';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { findChromium, printPageToPdf } from '../../core/report/chromium-pdf';
import type { ReportPdfPrinter } from '../../core/report/render';
import { startServer, type RunningServer } from '../../server/serve';
import { formatBytes } from '../../shared/format';
import { isPaperSize, reportFormats, type PaperSize, type ReportFormat } from '../../shared/report';
import { exitCodes } from '../exit-codes';
import { stringOption, UsageError, withCore, type Command } from '../command';
import { sourceOf } from './inspect';
import { progressLine } from '../progress-line';

/** The LayerLens checkout this file runs from (source or built), found by walking up to its package.json. */
function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function rendererDir(): string {
  return process.env.LAYERLENS_RENDERER_DIR ?? path.join(packageRoot(), 'out', 'renderer');
}

/** The report view's address on a running server: `#/report/<id>?paper=…`. */
export function reportViewUrl(server: Pick<RunningServer, 'url'>, reportId: string, paper: PaperSize): string {
  return `${server.url}#/report/${encodeURIComponent(reportId)}?paper=${paper}`;
}

/** A PDF printer over a running server: headless Chromium opens the report view and prints it. */
export function chromiumReportPrinter(server: Pick<RunningServer, 'url'>, chromium?: string): ReportPdfPrinter {
  return (reportId, paper, signal) =>
    printPageToPdf(reportViewUrl(server, reportId, paper), { executablePath: findChromium(chromium), paper, signal });
}

/** `serve` wiring (one line there): PDFs of reports through a headless Chromium against this server. */
export function useChromiumForReports(core: LayerLensCore, server: RunningServer, chromium?: string): void {
  core.setReportHost({ printPdf: chromiumReportPrinter(server, chromium) });
}

const extensions: Record<string, ReportFormat> = { '.pdf': 'pdf', '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.json': 'json' };

function chooseFormat(values: Record<string, unknown>, output: string): ReportFormat {
  const chosen = reportFormats.filter((f) => values[f] === true);
  if (chosen.length > 1) throw new UsageError(`Choose one format, not ${chosen.map((f) => `--${f}`).join(' and ')}.`);
  if (chosen.length === 1) return chosen[0];
  const inferred = extensions[path.extname(output).toLowerCase()];
  if (!inferred) throw new UsageError('Choose a format: --pdf, --md, --html or --json.');
  return inferred;
}


export const reportCommand: Command = {
  name: 'report',
  usage: 'report <image|archive> [--compare <image|archive>] (--pdf|--md|--html|--json) -o FILE [--paper a4|letter] [--chromium PATH]',
  summary: 'a size report file: PDF (headless Chromium), Markdown, single-file HTML or JSON',
  options: {
    compare: { type: 'string' },
    pdf: { type: 'boolean', default: false },
    md: { type: 'boolean', default: false },
    html: { type: 'boolean', default: false },
    output: { type: 'string', short: 'o' },
    paper: { type: 'string' },
    chromium: { type: 'string' },
    platform: { type: 'string' },
    title: { type: 'string' },
  },
  positionals: { min: 1, max: 1, names: 'an image name, an archive file or an OCI layout folder' },
  async run({ values, positionals, io }) {
    const output = stringOption(values, 'output');
    if (!output) throw new UsageError('Name the output file with -o FILE.');
    const format = chooseFormat(values, output);
    const paperText = stringOption(values, 'paper') ?? 'a4';
    const paper = paperText.toLowerCase();
    if (!isPaperSize(paper)) throw new UsageError(`--paper is a4 or letter, not "${paperText}".`);
    const target = path.resolve(output);
    if (!fs.existsSync(path.dirname(target))) throw new UsageError(`The folder ${path.dirname(target)} does not exist.`);
    const source = sourceOf(positionals[0]);
    const compareText = stringOption(values, 'compare');
    const compareWith = compareText === undefined ? undefined : sourceOf(compareText);
    // Fail before the analysis when no PDF can be made.
    const chromium = format === 'pdf' ? findChromium(stringOption(values, 'chromium')) : undefined;

    const meter = progressLine();
    const rendered = await withCore(values, async (core) => {
      core.on('progress', (p) => meter.update(p.phase, p.done, p.total));
      try {
        const report = await core.buildReport(source, {
          compareWith,
          platform: stringOption(values, 'platform'),
          title: stringOption(values, 'title'),
        });
        if (format !== 'pdf') return await core.renderReport(report.id, { format, paper });
        const server = await startServer({ api: core, rendererDir: rendererDir(), port: 0 });
        try {
          core.setReportHost({ printPdf: chromiumReportPrinter(server, chromium) });
          return await core.renderReport(report.id, { format, paper });
        } finally {
          await server.close();
        }
      } finally {
        meter.done();
      }
    });
    const data = rendered.encoding === 'base64' ? Buffer.from(rendered.content, 'base64') : rendered.content;
    await writeFileAtomic(target, data);
    io.out(`Wrote ${output} (${format.toUpperCase()}, ${formatBytes(rendered.bytes)})`);
    return exitCodes.ok;
  },
};
