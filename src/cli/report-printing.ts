/**
 * PDF reports without Electron (the `report` command and `serve`): a headless Chromium on the machine
 * opens the report view of the built renderer, served on 127.0.0.1 with a token, and prints it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LayerLensCore } from '../core/api/layerlens-core';
import { findChromium, printPageToPdf } from '../core/report/chromium-pdf';
import type { ReportPdfPrinter } from '../core/report/render';
import type { RunningServer } from '../server/serve';
import type { PaperSize } from '../shared/report';

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
