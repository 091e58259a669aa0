/** One image's page: layers, chart and config. */
import type { Locator, Page } from '@playwright/test';

export class ImagePage {
  readonly root: Locator;
  readonly layerRows: Locator;
  readonly chart: Locator;
  readonly config: Locator;
  readonly backButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('image-page');
    this.layerRows = page.getByTestId('layer-row');
    this.chart = page.getByTestId('layer-chart');
    this.config = page.getByTestId('config-summary');
    this.backButton = page.getByTestId('back-button');
  }

  instructions(): Promise<string[]> {
    return this.layerRows.getByTestId('layer-instruction').allTextContents();
  }

  /** The layer whose instruction mentions `text`. */
  layerWith(text: string): Locator {
    return this.layerRows.filter({ has: this.page.getByTestId('layer-instruction').getByText(text) });
  }
}
