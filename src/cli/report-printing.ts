/**
 * PDF reports without Electron (the `report` command and `serve`): a headless Chromium on the machine
 * opens the report view of the built renderer, served on 127.0.0.1 with a token, and prints it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findChromium, printPageToPdf } from '../core/report/chromium-pdf';
import type { ReportPdfPrinter } from '../core/report/render';
import type { RunningServer } from '../server/serve';
import { LayerLensError } from '../shared/errors';
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

/**
 * A PDF printer over the running server: headless Chromium opens the report view and prints it. The
 * server is asked for when printing, since it starts after the core it serves.
 */
export function chromiumReportPrinter(server: () => Pick<RunningServer, 'url'> | undefined, chromium?: string): ReportPdfPrinter {
  return async (reportId, paper, signal) => {
    const running = server();
    if (!running) throw new LayerLensError('INTERNAL', 'The report view is not served yet: no PDF can be printed.');
    return printPageToPdf(reportViewUrl(running, reportId, paper), { executablePath: findChromium(chromium), paper, signal });
  };
}
