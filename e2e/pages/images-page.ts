/** The images list, as a user sees it, with its removal dialog. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ImagesPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly filter: Locator;
  readonly connectionState: Locator;
  readonly hideDangling: Locator;
  readonly pruneButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('images-table');
    this.rows = page.getByTestId('image-row');
    this.filter = page.getByTestId('image-filter');
    this.connectionState = page.getByTestId('connection-state');
    this.hideDangling = page.getByTestId('hide-dangling');
    this.pruneButton = page.getByTestId('prune-images');
    this.dialog = page.getByTestId('removal-dialog');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.connectionState).toHaveText('connected');
    // Listing measures disk use, which the engine does for one client at a time: allow for a wait.
    await expect(this.table).toBeVisible({ timeout: 60_000 });
  }

  /** The base, own and shared columns have been filled in. */
  async factsLoaded(): Promise<void> {
    await expect(this.table).toHaveAttribute('data-facts', 'ready', { timeout: 60_000 });
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

  async sortBy(key: 'size' | 'own' | 'saving' | 'created' | 'name'): Promise<void> {
    await this.page.getByTestId(`sort-${key}`).click();
  }

  sortHeader(key: 'size' | 'own' | 'saving' | 'created' | 'name'): Locator {
    return this.page.locator('th', { has: this.page.getByTestId(`sort-${key}`) });
  }
}
