/** The image page's explorer (view switch, treemap, files, waste, attack surface) and the compare page. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ExplorerPage {
  readonly headline: Locator;
  readonly treemap: Locator;
  readonly treemapBox: Locator;
  readonly breadcrumb: Locator;
  readonly legend: Locator;
  readonly tree: Locator;
  readonly treeRows: Locator;
  readonly findings: Locator;
  readonly layerRows: Locator;
  readonly colorBy: Locator;
  readonly announcement: Locator;

  constructor(readonly page: Page) {
    this.headline = page.getByTestId('headline');
    this.treemap = page.getByTestId('treemap');
    this.treemapBox = page.getByTestId('treemap-box');
    this.breadcrumb = page.getByTestId('treemap-breadcrumb');
    this.legend = page.getByTestId('treemap-legend');
    this.tree = page.getByTestId('file-tree');
    this.treeRows = page.getByTestId('tree-row');
    this.findings = page.getByTestId('finding');
    this.layerRows = page.getByTestId('layer-row');
    this.colorBy = page.getByTestId('color-by');
    this.announcement = page.getByTestId('view-announcement');
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

  /** A rectangle by its path at the top level of the current treemap. */
  group(path: string): Locator {
    return this.treemap.locator(`[data-testid="treemap-node"][data-depth="1"][data-path="${path}"]`);
  }

  tab(name: 'treemap' | 'files' | 'waste' | 'surface'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  view(name: 'image' | 'aggregated' | 'layer-only' | 'by-folder' | 'by-layer' | 'part-all' | 'part-own'): Locator {
    return this.page.getByTestId(name.startsWith('by-') || name.startsWith('part-') ? name : `view-${name}`);
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

/** The searchable image picker ("Compare with…", the compare page's A and B). */
export class ImagePicker {
  readonly root: Locator;
  readonly search: Locator;
  readonly options: Locator;

  constructor(
    readonly page: Page,
    testId: string,
  ) {
    this.root = page.getByTestId(testId);
    this.search = this.root.getByTestId('picker-search');
    this.options = this.root.getByTestId('picker-option');
  }

  async open(): Promise<void> {
    await this.root.getByRole('button').first().click();
    await expect(this.search).toBeFocused();
  }
}
