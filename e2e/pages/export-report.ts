/** The "Export report…" control, wherever it sits (image page, compare page, rebuild result). */
import type { Download, Locator, Page } from '@playwright/test';

export class ExportReport {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    scope: Locator = page.locator('body'),
  ) {
    this.root = scope.getByTestId('export-report');
  }

  /** Opens the panel, picks a format and downloads the file (the browser front door downloads). */
  async download(format: 'PDF' | 'HTML (one file)' | 'Markdown' | 'JSON'): Promise<Download> {
    await this.root.getByRole('button', { name: /Export report/ }).click();
    await this.root.getByLabel('Format').selectOption({ label: format });
    const downloaded = this.page.waitForEvent('download', { timeout: 120_000 });
    await this.root.getByRole('button', { name: 'Download' }).click();
    return downloaded;
  }
}
