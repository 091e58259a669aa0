/**
 * The visual inspector end to end, against `layerlens serve` and the real engine: the treemap's rectangles
 * against the known file sizes of the fixture images, drilling down and back, layer selection filtering the
 * file tree, a finding followed to its file, and two images compared. The oracle is the fixtures' Dockerfiles
 * (test/fixtures/three-layers, test/fixtures/explore-waste): files of known sizes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { ComparePage, ExplorerPage } from './pages/explorer-page';
import { ImagesPage } from './pages/images-page';

const url = process.env.LAYERLENS_URL!;
const imageId = process.env.LAYERLENS_TEST_IMAGE_ID!;
const wasteTag = process.env.LAYERLENS_WASTE_IMAGE!;
const wasteImageId = process.env.LAYERLENS_WASTE_IMAGE_ID!;
const screenshots = 'test-results/screenshots';
const payloadBytes = fs.statSync(path.resolve(import.meta.dirname, '../test/fixtures/three-layers/payload.txt')).size;

function signed(bytes: number): string {
  return bytes === 0 ? '±0 B' : bytes > 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`;
}

async function openImage(page: ExplorerPage['page'], id: string): Promise<ExplorerPage> {
  await new ImagesPage(page).open(url);
  const explorer = new ExplorerPage(page);
  await explorer.open(url, id);
  return explorer;
}

test.describe('image explorer', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the treemap shows every layer with the bytes it stores, drills down and comes back', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await expect(explorer.headline).toContainText('Size');

    // The whole image: one rectangle per layer, sized by the files each RUN/COPY wrote.
    await expect(explorer.node('layer:1')).toHaveAttribute('data-bytes', '3000000');
    await expect(explorer.node('layer:2')).toHaveAttribute('data-bytes', String(payloadBytes));
    await expect(explorer.node('layer:3')).toHaveAttribute('data-bytes', '1000000');
    const baseBytes = Number(await explorer.node('layer:0').getAttribute('data-bytes'));
    const layer1 = await explorer.rectArea(explorer.node('layer:1'));
    const layer3 = await explorer.rectArea(explorer.node('layer:3'));
    const base = await explorer.rectArea(explorer.node('layer:0'));
    // Area = bytes: 3 MB against 1 MB, and against the base layer.
    expect(layer1 / layer3).toBeGreaterThan(2.6);
    expect(layer1 / layer3).toBeLessThan(3.4);
    expect(base / layer1).toBeGreaterThan(0.85 * (baseBytes / 3_000_000));
    expect(base / layer1).toBeLessThan(1.15 * (baseBytes / 3_000_000));
    await page.screenshot({ path: `${screenshots}/treemap.png`, fullPage: true });

    // A folder inside the base layer opens that layer alone at the folder; Backspace goes up, then out.
    const usr = explorer.node('0:/usr');
    const usrBytes = Number(await usr.getAttribute('data-bytes'));
    await usr.locator('rect').first().click();
    await explorer.waitForTreemap('/usr');
    await expect(explorer.treemapBox).toHaveAttribute('data-layer', '0');
    await expect(explorer.breadcrumb).toContainText('Layer 0 only');
    await expect(explorer.breadcrumb).toContainText('usr');
    await page.getByTestId('color-by').selectOption('category');
    await explorer.treemapBox.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshots}/treemap-drilled.png` });
    await page.getByTestId('color-by').selectOption('layer');
    // The children of the folder add up to it.
    const sizes = await explorer.nodes(1).evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-bytes'))));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(usrBytes);
    // One level further down by click, on the largest group.
    const lib = explorer.nodes(1).first();
    const libPath = (await lib.getAttribute('data-path'))!;
    await lib.locator('rect').first().click({ position: { x: 1, y: 1 } });
    await explorer.waitForTreemap(libPath);
    await page.keyboard.press('Backspace');
    await explorer.waitForTreemap('/usr');

    await explorer.treemapBox.focus();
    await page.keyboard.press('Backspace');
    await explorer.waitForTreemap('/');
    await expect(explorer.breadcrumb).toContainText('Layer 0 only');
    await page.keyboard.press('Backspace');
    await expect(explorer.node('layer:1')).toBeVisible();
    await expect(explorer.breadcrumb).not.toContainText('Layer 0');
    // Keyboard: Enter opens the focused rectangle (the largest, layer 0).
    await explorer.treemapBox.focus();
    await page.keyboard.press('Enter');
    await expect(explorer.breadcrumb).toContainText('Layer 0 only');
  });

  test('selecting a layer filters the file tree', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await explorer.tab('files').click();
    await expect(explorer.treeRow('/usr')).toBeVisible();

    await explorer.layerRow(3).click();
    await expect(explorer.tree).toHaveAttribute('data-layer', '3');
    await expect(explorer.treeRow('/usr')).toHaveCount(0);
    await expect(explorer.treeRow('/opt')).toBeVisible();
    await explorer.treeRow('/opt').click();
    await explorer.treeRow('/opt/app').click();
    const file = explorer.treeRow('/opt/app/one-mb.bin');
    await expect(file).toContainText(formatBytes(1_000_000));
    await expect(file.getByTestId('status-badge')).toHaveText('A');

    // Keyboard: Up goes back to the folder, Left closes it.
    await explorer.page.getByTestId('tree-scroller').focus();
    await page.keyboard.press('ArrowDown');
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(explorer.treeRow('/opt/app')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toHaveCount(0);

    // Up to the layer (aggregated): the base files are back, only layer 3's change is left with "hide unchanged".
    await page.getByTestId('view-aggregated').click();
    await expect(explorer.tree).toHaveAttribute('data-scope', 'aggregated');
    await expect(explorer.treeRow('/usr')).toBeVisible();
    await page.getByTestId('hide-unchanged').check();
    await expect(explorer.treeRow('/usr')).toHaveCount(0);
    await expect(explorer.treeRow('/opt')).toBeVisible();

    // A glob filter lists the matches.
    await page.getByTestId('hide-unchanged').uncheck();
    await page.getByTestId('tree-filter').fill('*.bin');
    await expect(explorer.treeRows).toHaveCount(2);
    await expect(explorer.treeRows.first()).toHaveAttribute('data-path', '/opt/random-3mb.bin');
    await page.getByTestId('tree-filter').fill('');
    await page.getByTestId('view-image').click();
    // Folders stay open across views.
    await expect(explorer.treeRow('/opt')).toHaveAttribute('aria-expanded', 'true');
    await expect(explorer.treeRow('/opt/random-3mb.bin')).toBeVisible();
    await page.screenshot({ path: `${screenshots}/files.png`, fullPage: true });
  });

  test('the waste panel leads from a finding to its file', async ({ page }) => {
    const explorer = await openImage(page, wasteImageId);
    await expect(page.getByTestId('headline-waste')).toContainText(formatBytes(4_000_000));
    await explorer.tab('waste').click();
    const finding = explorer.findings.filter({ hasText: '/opt/big-4mb.bin' }).first();
    await expect(finding).toHaveAttribute('data-category', 'hidden-by-later-layer');
    await expect(finding.getByTestId('finding-bytes')).toContainText(formatBytes(4_000_000));
    await expect(finding).toContainText('Fix:');
    await expect(finding.getByTestId('finding-layer')).toContainText('head -c 4000000');
    await page.screenshot({ path: `${screenshots}/waste.png`, fullPage: true });

    await finding.getByTestId('finding-file').filter({ hasText: '/opt/big-4mb.bin' }).click();
    await expect(explorer.tab('files')).toHaveAttribute('aria-selected', 'true');
    const row = explorer.treeRow('/opt/big-4mb.bin');
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row).toContainText('W');
    await expect(explorer.tree).toHaveAttribute('data-scope', 'layer');
    // The layer that stored it is the selected one.
    const layer = await explorer.tree.getAttribute('data-layer');
    await expect(explorer.layerRow(Number(layer))).toContainText('head -c 4000000');
    await expect(explorer.layerRow(Number(layer))).toContainText(`${formatBytes(4_000_000)} waste`);
  });

  test('colour by status and by finding come with a legend', async ({ page }) => {
    const explorer = await openImage(page, wasteImageId);
    await page.getByTestId('color-by').selectOption('status');
    await expect(page.getByTestId('treemap-legend')).toContainText('Removed but stored');
    await page.getByTestId('color-by').selectOption('category');
    await expect(page.getByTestId('treemap-legend')).toContainText('Hidden by a later layer');
    await explorer.tab('surface').click();
    await expect(page.getByTestId('runs-as')).toContainText('root');
    await expect(page.getByTestId('surface-shells')).toContainText('bash');
  });

  test('dark theme screenshots of the explorer', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const explorer = await openImage(page, wasteImageId);
    await page.screenshot({ path: `${screenshots}/treemap-dark.png`, fullPage: true });
    await explorer.tab('waste').click();
    await page.screenshot({ path: `${screenshots}/waste-dark.png`, fullPage: true });
    await explorer.tab('files').click();
    await expect(explorer.treeRow('/opt')).toBeVisible();
    await page.screenshot({ path: `${screenshots}/files-dark.png`, fullPage: true });
  });
});

test.describe('compare', () => {
  test.describe.configure({ timeout: 180_000 });

  test('two images side by side with the right delta', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await page.getByTestId('compare-with').selectOption(wasteImageId);
    const compare = new ComparePage(page);
    await expect(compare.root).toBeVisible();
    await expect(page).toHaveURL(/#\/compare\//);
    // Same base; A adds 3 MB + payload + 1 MB, B adds 4 MB (deleted later, still stored) + 2.5 MB.
    const expected = 4_000_000 + 2_500_000 - (3_000_000 + payloadBytes + 1_000_000);
    await expect(compare.delta).toHaveText(signed(expected), { timeout: 120_000 });
    await expect(page.getByTestId('compare-title')).toContainText(wasteTag);
    await expect(page.getByTestId('layer-bar-A').getByTestId('layer-seg')).toHaveCount(4);
    await expect(page.getByTestId('layer-bar-B').getByTestId('layer-seg')).toHaveCount(4);
    await expect(page.getByTestId('findings-appeared')).toContainText('deleted by layer 2');
    await page.screenshot({ path: `${screenshots}/compare.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${screenshots}/compare-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // The file diff: largest change first, filterable.
    await expect(compare.diffRows.first()).toHaveAttribute('data-change', 'removed');
    await expect(compare.diffRows.first()).toContainText('/opt/random-3mb.bin');
    await compare.diffFilter.fill('*.bin');
    await expect(compare.diffRows).toHaveCount(4);
    await page.getByTestId('file-diff-change').selectOption('added');
    await expect(compare.diffRows).toHaveCount(2);
    await expect(compare.diffRows.first()).toContainText('/opt/app/data/two-mb.bin');
    await expect(compare.diffRows.first().getByTestId('diff-delta')).toHaveText(signed(2_000_000));
    await expect(explorer.headline).toBeHidden();
  });
});
