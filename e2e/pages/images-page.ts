/** The images list, as a user sees it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ImagesPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly filter: Locator;
  readonly connectionState: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('images-table');
    this.rows = page.getByTestId('image-row');
    this.filter = page.getByTestId('image-filter');
    this.connectionState = page.getByTestId('connection-state');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.connectionState).toHaveText('connected');
    await expect(this.table).toBeVisible();
  }

  row(imageId: string): Locator {
    return this.page.locator(`[data-testid="image-row"][data-image-id="${imageId}"]`);
  }

  sizeOf(imageId: string): Locator {
    return this.row(imageId).getByTestId('image-size');
  }

  async names(): Promise<string[]> {
    return this.rows.getByTestId('image-name').allInnerTexts();
  }

  async sortBy(key: 'size' | 'created' | 'name'): Promise<void> {
    await this.page.getByTestId(`sort-${key}`).click();
  }

  sortHeader(key: 'size' | 'created' | 'name'): Locator {
    return this.page.locator('th', { has: this.page.getByTestId(`sort-${key}`) });
  }
}
