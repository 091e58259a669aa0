/** One image's page: the base split, layers and config (at once), the analysis's figures, and what happens when the image goes. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ImagePage {
  readonly root: Locator;
  readonly layerRows: Locator;
  readonly config: Locator;
  readonly backButton: Locator;
  readonly baseSplit: Locator;
  readonly analysisRunning: Locator;
  readonly headline: Locator;
  readonly gone: Locator;
  readonly exportButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('image-page');
    this.layerRows = page.getByTestId('layer-row');
    this.config = page.getByTestId('config-summary');
    this.backButton = page.getByTestId('back-button');
    this.baseSplit = page.getByTestId('base-split');
    this.analysisRunning = page.getByTestId('analysis-running');
    this.headline = page.getByTestId('headline');
    this.gone = page.getByTestId('image-gone');
    this.exportButton = page.getByTestId('export-report').getByRole('button', { name: /Export report/ });
  }

  /** Opens an image by id or name through the printed URL (its token authorises the tab). */
  async open(url: string, ref: string): Promise<void> {
    await this.page.goto(`${url}#/image/${encodeURIComponent(ref)}`);
    await expect(this.layerRows.first()).toBeVisible();
  }

  instructions(): Promise<string[]> {
    return this.layerRows.getByTestId('layer-instruction').allTextContents();
  }

  /** The layer whose instruction mentions `text`. */
  layerWith(text: string): Locator {
    return this.layerRows.filter({ has: this.page.getByTestId('layer-instruction').getByText(text) });
  }

  async analysed(): Promise<void> {
    await expect(this.headline).toBeVisible({ timeout: 120_000 });
  }
}
