/**
 * The size report as a file. PDF: the report view of the built renderer, served in-process on 127.0.0.1
 * with a token, printed by a headless Chromium found on the machine. The file is written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { findChromium } from '../../core/report/chromium-pdf';
import { startServer, type RunningServer } from '../../server/serve';
import { formatBytes } from '../../shared/format';
import { isPaperSize, reportFormatOfFile, reportFormats, type ReportFormat } from '../../shared/report';
import { stringOption, UsageError, type CommandAction } from '../command';
import { exitCodes } from '../exit-codes';
import { progressLine } from '../progress-line';
import { chromiumReportPrinter, rendererDir } from '../report-printing';
import { sourceKindOption, sourceOf } from '../source-arg';
import { withCore } from '../with-core';

function chooseFormat(values: Record<string, unknown>, output: string): ReportFormat {
  const chosen = reportFormats.filter((f) => values[f] === true);
  if (chosen.length > 1) throw new UsageError(`Choose one format, not ${chosen.map((f) => `--${f}`).join(' and ')}.`);
  if (chosen.length === 1) return chosen[0];
  const inferred = reportFormatOfFile(output);
  if (!inferred) throw new UsageError(`Choose a format: ${reportFormats.map((f) => `--${f}`).join(', ')}.`);
  return inferred;
}

export const run: CommandAction = async ({ values, positionals, io }) => {
  const output = stringOption(values, 'output');
  if (!output) throw new UsageError('Name the output file with -o FILE.');
  const format = chooseFormat(values, output);
  const paperText = stringOption(values, 'paper') ?? 'a4';
  const paper = paperText.toLowerCase();
  if (!isPaperSize(paper)) throw new UsageError(`--paper is a4 or letter, not "${paperText}".`);
  const target = path.resolve(output);
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`The folder ${path.dirname(target)} does not exist.`);
  const source = sourceOf(positionals[0], sourceKindOption(values));
  const compareText = stringOption(values, 'compare');
  const compareWith = compareText === undefined ? undefined : sourceOf(compareText);
  // Fail before the analysis when no PDF can be made.
  const chromium = format === 'pdf' ? findChromium(stringOption(values, 'chromium')) : undefined;

  const meter = progressLine();
  const served: { server?: RunningServer } = {};
  const host = { printPdf: chromiumReportPrinter(() => served.server, chromium) };
  const rendered = await withCore(
    values,
    async (core) => {
      core.on('progress', (p) => meter.update(p.phase, p.done, p.total));
      try {
        const report = await core.buildReport(source, {
          compareWith,
          platform: stringOption(values, 'platform'),
          title: stringOption(values, 'title'),
        });
        if (format !== 'pdf') return await core.renderReport(report.id, { format, paper });
        served.server = await startServer({ api: core, rendererDir: rendererDir(), port: 0 });
        try {
          return await core.renderReport(report.id, { format, paper });
        } finally {
          await served.server.close();
        }
      } finally {
        meter.done();
      }
    },
    { host },
  );
  const data = rendered.encoding === 'base64' ? Buffer.from(rendered.content, 'base64') : rendered.content;
  await writeFileAtomic(target, data);
  io.out(`Wrote ${output} (${format.toUpperCase()}, ${formatBytes(rendered.bytes)})`);
  return exitCodes.ok;
};
