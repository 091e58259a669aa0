/**
 * Reports in the desktop app: PDF through Electron's `printToPDF` of the report view (`#/report/<id>`) in a
 * hidden window with the same preload and sandbox as the main window, once the view says it is ready; and
 * the native save dialog. Both are given to core as its report host. (Electron cannot run in the test
 * environment: this file is kept thin; the view and the printing options are shared with the Chromium path.)
 */
import { BrowserWindow, dialog } from 'electron';
import type { HostServices } from '../core/services/host-services';
import { reportFormatInfo, type PaperSize, type ReportFormat } from '../shared/report';

export interface ReportWindowOptions {
  preload: string;
  /** The dev server URL under `electron-vite dev`; otherwise the built index.html. */
  rendererUrl?: string;
  indexHtml: string;
  /** The window the save dialog belongs to. */
  parent: () => BrowserWindow | undefined;
}

const readyTimeoutMs = 60_000;
const filter = (format: ReportFormat): Electron.FileFilter => ({
  name: reportFormatInfo[format].label,
  extensions: [...reportFormatInfo[format].extensions],
});

async function waitForReady(window: BrowserWindow, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (signal.aborted) throw new Error('cancelled');
    const state = (await window.webContents.executeJavaScript('document.body.dataset.reportReady || ""')) as string;
    if (state === 'true') return;
    if (state === 'error') {
      const message = (await window.webContents.executeJavaScript('document.body.dataset.reportError || ""')) as string;
      throw new Error(`The report view could not show the report: ${message}`);
    }
    if (Date.now() > deadline) throw new Error('The report view did not get ready in time.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function printReportToPdf(options: ReportWindowOptions, reportId: string, paper: PaperSize, signal: AbortSignal): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    width: 1100,
    height: 1400,
    webPreferences: { preload: options.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  try {
    const hash = `/report/${encodeURIComponent(reportId)}?paper=${paper}`;
    if (options.rendererUrl) await window.loadURL(`${options.rendererUrl}#${hash}`);
    else await window.loadFile(options.indexHtml, { hash });
    await waitForReady(window, signal);
    const pdf = await window.webContents.printToPDF({
      pageSize: paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
  }
}

/** The report part of the core's host services in the desktop app: printToPDF and the native save dialog. */
export function electronReportHost(options: ReportWindowOptions): Pick<HostServices, 'printPdf' | 'chooseSavePath'> {
  return {
    printPdf: (reportId, paper, signal) => printReportToPdf(options, reportId, paper, signal),
    chooseSavePath: async (suggestedName, format) => {
      const parent = options.parent();
      const dialogOptions = { defaultPath: suggestedName, filters: [filter(format)] };
      const result = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
