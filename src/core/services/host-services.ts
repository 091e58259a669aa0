/**
 * What a front door lends the core, given once in the core's options: the dialogs and the PDF printer it
 * has (Electron's own; a headless Chromium for `serve` and the CLI). Core has none of its own; without
 * one, the method that needs it says so.
 */
import type { ReportFormat } from '../../shared/report';
import type { ChooseFolderOptions } from '../../shared/rebuild';
import type { ReportPdfPrinter } from '../report/render';

export type ChooseFolder = (options: ChooseFolderOptions) => Promise<string | null>;

export interface HostServices {
  /** The native folder picker (Electron's dialog). */
  chooseFolder?: ChooseFolder;
  /** Prints a report view to PDF. */
  printPdf?: ReportPdfPrinter;
  /** The save dialog: a path, or null when the user cancelled. */
  chooseSavePath?: (suggestedName: string, format: ReportFormat) => Promise<string | null>;
}
