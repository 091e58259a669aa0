/** The image page's explorer (headline, layers, treemap, files, waste, attack surface) and the compare page. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ExplorerPage {
  readonly headline: Locator;
  readonly treemap: Locator;
  readonly treemapBox: Locator;
  readonly breadcrumb: Locator;
  readonly tree: Locator;
  readonly treeRows: Locator;
  readonly findings: Locator;
  readonly layerRows: Locator;

  constructor(readonly page: Page) {
    this.headline = page.getByTestId('headline');
    this.treemap = page.getByTestId('treemap');
    this.treemapBox = page.getByTestId('treemap-box');
    this.breadcrumb = page.getByTestId('treemap-breadcrumb');
    this.tree = page.getByTestId('file-tree');
    this.treeRows = page.getByTestId('tree-row');
    this.findings = page.getByTestId('finding');
    this.layerRows = page.getByTestId('layer-row');
  }

  /** Opens an image by id through the printed URL (its token authorises the tab) and waits for the analysis. */
  async open(url: string, imageId: string): Promise<void> {
    await this.page.goto(`${url}#/image/${encodeURIComponent(imageId)}`);
    await expect(this.headline).toBeVisible({ timeout: 120_000 });
    await this.waitForTreemap();
  }

  async waitForTreemap(path?: string): Promise<void> {
    await expect(this.treemapBox).toHaveAttribute('data-ready', 'true');
    if (path !== undefined) await expect(this.treemapBox).toHaveAttribute('data-path', path);
  }

  /** Rectangles of the current treemap at a depth (1: the groups, 2: what is inside them). */
  nodes(depth: 1 | 2): Locator {
    return this.treemap.locator(`[data-testid="treemap-node"][data-depth="${depth}"]`);
  }

  node(id: string): Locator {
    return this.treemap.locator(`[data-testid="treemap-node"][data-id="${id}"]`);
  }

  tab(name: 'treemap' | 'files' | 'waste' | 'surface'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  treeRow(path: string): Locator {
    return this.page.locator(`[data-testid="tree-row"][data-path="${path}"]`);
  }

  layerRow(index: number): Locator {
    return this.page.locator(`[data-testid="layer-row"][data-layer="${index}"]`);
  }

  async rectArea(locator: Locator): Promise<number> {
    const rect = locator.locator('rect').first();
    const width = Number(await rect.getAttribute('width'));
    const height = Number(await rect.getAttribute('height'));
    return width * height;
  }
}

export class ComparePage {
  readonly root: Locator;
  readonly delta: Locator;
  readonly diffRows: Locator;
  readonly diffFilter: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('compare-page');
    this.delta = page.getByTestId('compare-delta');
    this.diffRows = page.getByTestId('diff-row');
    this.diffFilter = page.getByTestId('file-diff-filter');
  }
}
