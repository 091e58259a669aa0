/**
 * The visual inspector end to end, against `layerlens serve` and the real engine: the treemap's rectangles
 * against the known file sizes of the fixture images, by folder and by layer, drilling down and back,
 * layer selection filtering the file tree, statuses that agree between the treemap and the files, a finding
 * followed to its file, the headline figures explained, and two images compared. The oracle is the fixtures'
 * Dockerfiles (test/fixtures/three-layers, test/fixtures/explore-waste): files of known sizes on the
 * Debian stand-in base.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { ComparePage, ExplorerPage, ImagePicker } from './pages/explorer-page';

const url = process.env.LAYERLENS_URL!;
const imageId = process.env.LAYERLENS_TEST_IMAGE_ID!;
const wasteTag = process.env.LAYERLENS_WASTE_IMAGE!;
const wasteImageId = process.env.LAYERLENS_WASTE_IMAGE_ID!;
const baseName = 'layerlens-test/debian:bookworm';
const screenshots = 'test-results/screenshots';
const payloadBytes = fs.statSync(path.resolve(import.meta.dirname, '../test/fixtures/three-layers/payload.txt')).size;
// The colours of the base image and of your build in the treemap (src/renderer/src/image/colors.ts).
const baseColour = '#64748b';
const ownColour = '#2563eb';

function signed(bytes: number): string {
  return bytes === 0 ? '±0 B' : bytes > 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`;
}

async function openImage(page: Page, id: string): Promise<ExplorerPage> {
  const explorer = new ExplorerPage(page);
  await explorer.open(url, id);
  return explorer;
}

test.describe('image explorer', () => {
  test.describe.configure({ timeout: 180_000 });

  test('opens by folder, above the fold, coloured base against build; a folder click keeps the view', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    const explorer = await openImage(page, imageId);
    await expect(explorer.treemapBox).toHaveAttribute('data-view', 'image');
    await expect(explorer.treemapBox).toHaveAttribute('data-by', 'folder');
    // Above the fold at 1024×700: most of the treemap is on the first screen.
    const box = (await explorer.treemapBox.boundingBox())!;
    expect(box.y).toBeLessThan(700 - 250);
    await expect(page.getByTestId('view-meaning')).toContainText('The final filesystem');
    // Each scope says what it means, on the pointer and in the line under the switch once chosen.
    const top = Number((await explorer.view('aggregated').textContent())!.replace(/\D/g, ''));
    await expect(explorer.view('image')).toHaveAttribute('title', /final filesystem/);
    await expect(explorer.view('aggregated')).toHaveAttribute('title', new RegExp(`layers 0 to ${top} stacked`));
    await expect(explorer.view('layer-only')).toHaveAttribute('title', new RegExp(`Only what layer ${top} stores`));
    // The folders of the final filesystem, the base's grey, the build's blue, with the legend saying so.
    const usr = explorer.group('/usr');
    const opt = explorer.group('/opt');
    await expect(usr).toHaveAttribute('data-fill', baseColour);
    await expect(opt).toHaveAttribute('data-fill', ownColour);
    await expect(opt).toHaveAttribute('data-bytes', String(3_000_000 + payloadBytes + 1_000_000));
    await expect(explorer.legend).toContainText(`Base image (${baseName})`);
    await expect(explorer.legend).toContainText('Your build');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A folder click opens the folder in the same view: the whole image stays the whole image.
    await usr
      .locator('rect')
      .first()
      .click({ position: { x: 2, y: 2 } });
    await explorer.waitForTreemap('/usr');
    await expect(explorer.treemapBox).toHaveAttribute('data-view', 'image');
    await expect(explorer.view('image')).toHaveAttribute('aria-checked', 'true');
    await expect(explorer.breadcrumb).toHaveText(/Whole image\s*›\s*usr/);
    await expect(explorer.announcement).toBeHidden();
    // The treemap has its own keys: Backspace goes up inside it, never back to the list.
    await explorer.treemapBox.focus();
    await page.keyboard.press('Backspace');
    await explorer.waitForTreemap('/');
    await page.keyboard.press('Backspace');
    await expect(explorer.treemapBox).toBeVisible();
    await expect(page).toHaveURL(/#\/image\//);
  });

  test('by layer: every layer with the bytes it stores; a layer click opens it and says so', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await explorer.view('by-layer').click();
    await explorer.waitForTreemap();
    await expect(explorer.treemapBox).toHaveAttribute('data-by', 'layer');
    // One rectangle per layer, sized by the files each RUN/COPY wrote, named by its instruction.
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
    // The pointer over the layer (on a file inside it) says what a click does.
    await explorer
      .node('layer:1')
      .locator('rect')
      .first()
      .hover({ force: true, position: { x: 6, y: 40 } });
    await expect(page.getByTestId('treemap-tooltip')).toContainText('Click: open layer 1 alone');

    // "Your build only" leaves the base's layer out.
    await explorer.view('part-own').click();
    await explorer.waitForTreemap();
    await expect(explorer.node('layer:0')).toHaveCount(0);
    await expect(explorer.node('layer:1')).toBeVisible();
    await explorer.view('part-all').click();
    await expect(explorer.node('layer:0')).toBeVisible();

    // A folder inside the base layer opens that layer alone at the folder, and the page says so.
    const usr = explorer.node('0:/usr');
    const usrBytes = Number(await usr.getAttribute('data-bytes'));
    await usr.locator('rect').first().click();
    await explorer.waitForTreemap('/usr');
    await expect(explorer.treemapBox).toHaveAttribute('data-view', 'layer-only');
    await expect(explorer.treemapBox).toHaveAttribute('data-layer', '0');
    await expect(explorer.announcement).toContainText('Now showing layer 0 only');
    await expect(explorer.breadcrumb).toContainText('Layer 0 only');
    await expect(explorer.breadcrumb).toContainText('usr');
    await explorer.colorBy.selectOption('category');
    await explorer.treemapBox.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshots}/treemap-drilled.png` });
    // The children of the folder add up to it.
    const sizes = await explorer.nodes(1).evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-bytes'))));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(usrBytes);
    // One level further down by click, on the largest group; Backspace comes back up, then to the whole image.
    const lib = explorer.nodes(1).first();
    const libPath = (await lib.getAttribute('data-path'))!;
    await lib
      .locator('rect')
      .first()
      .click({ position: { x: 1, y: 1 } });
    await explorer.waitForTreemap(libPath);
    await page.keyboard.press('Backspace');
    await explorer.waitForTreemap('/usr');
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

  test('selecting a layer filters the file tree, with dive’s filters', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await explorer.tab('files').click();
    await expect(explorer.treeRow('/usr')).toBeVisible();

    await explorer.layerRow(3).click();
    await expect(explorer.tree).toHaveAttribute('data-layer', '3');
    await expect(explorer.view('layer-only')).toHaveAttribute('aria-checked', 'true');
    await expect(explorer.treeRow('/usr')).toHaveCount(0);
    await expect(explorer.treeRow('/opt')).toBeVisible();
    await explorer.treeRow('/opt').click();
    await explorer.treeRow('/opt/app').click();
    const file = explorer.treeRow('/opt/app/one-mb.bin');
    await expect(file).toContainText(formatBytes(1_000_000));
    await expect(file.getByTestId('status-badge')).toHaveText('A');
    await expect(page.getByTestId('status-legend')).toContainText('Added');

    // Keyboard: Up goes back to the folder, Left closes it.
    await explorer.page.getByTestId('tree-scroller').focus();
    await page.keyboard.press('ArrowDown');
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(explorer.treeRow('/opt/app')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toHaveCount(0);

    // Up to the layer: the base files are back; without unchanged entries only layer 3's change is left.
    await explorer.view('aggregated').click();
    await expect(explorer.tree).toHaveAttribute('data-scope', 'aggregated');
    await expect(explorer.treeRow('/usr')).toBeVisible();
    // dive's four filters, named as the legend names the statuses.
    for (const [kind, label] of [
      ['added', 'Added'],
      ['modified', 'Modified'],
      ['removed', 'Removed'],
      ['unmodified', 'Unchanged'],
    ]) {
      await expect(page.getByTestId(`show-${kind}`)).toBeChecked();
      await expect(page.getByTestId('kind-filter').locator('label', { has: page.getByTestId(`show-${kind}`) })).toHaveText(label);
    }
    await page.getByTestId('show-unmodified').uncheck();
    await expect(explorer.treeRow('/usr')).toHaveCount(0);
    await expect(explorer.treeRow('/opt')).toBeVisible();
    await expect(explorer.treeRow('/opt/random-3mb.bin')).toHaveCount(0);
    await explorer.treeRow('/opt/app').click();
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toBeVisible();
    // Without added entries, layer 3's file goes too: only the folders leading to its change are left.
    await page.getByTestId('show-added').uncheck();
    await expect(explorer.treeRow('/opt/app/one-mb.bin')).toHaveCount(0);
    await expect(explorer.treeRow('/opt/app')).toBeVisible();
    await page.getByTestId('show-added').check();
    await page.getByTestId('show-unmodified').check();
    await expect(explorer.treeRow('/opt/random-3mb.bin')).toBeVisible();

    // A glob filter lists the matches.
    await page.getByTestId('tree-filter').fill('*.bin');
    await expect(explorer.treeRows).toHaveCount(2);
    await expect(explorer.treeRows.first()).toHaveAttribute('data-path', '/opt/random-3mb.bin');
    await page.getByTestId('tree-filter').fill('');
    await explorer.view('image').click();
    // Folders stay open across views.
    await expect(explorer.treeRow('/opt')).toHaveAttribute('aria-expanded', 'true');
    await expect(explorer.treeRow('/opt/random-3mb.bin')).toBeVisible();
    await page.screenshot({ path: `${screenshots}/files.png`, fullPage: true });
  });

  test('the treemap and the Files tab name a file’s status alike', async ({ page }) => {
    const explorer = await openImage(page, imageId);
    await explorer.layerRow(3).click();
    await explorer.view('aggregated').click();
    await explorer.waitForTreemap();
    // Coloured by status, the file layer 3 added is "Added by layer 3" in the treemap…
    await explorer.colorBy.selectOption('status');
    await explorer.node('3:/opt/app').locator('rect').first().click();
    await explorer.waitForTreemap('/opt/app');
    await explorer.node('3:/opt/app/one-mb.bin').hover();
    await expect(page.getByTestId('node-status')).toHaveText('Added by layer 3 (your build)');
    await expect(explorer.legend).toContainText('Added');
    // …and "A", in the same colour, in the Files tab.
    await explorer.tab('files').click();
    await explorer.treeRow('/opt').click();
    await explorer.treeRow('/opt/app').click();
    const badge = explorer.treeRow('/opt/app/one-mb.bin').getByTestId('status-badge');
    await expect(badge).toHaveText('A');
    await expect(badge).toHaveAttribute('title', 'Added by layer 3');
    // A file from the base is unchanged by layer 3 in both.
    await expect(explorer.treeRow('/usr').getByTestId('status-badge')).toHaveCount(0);
  });

  test('the waste panel leads from a finding to its file, for the whole image or your build', async ({ page }) => {
    const explorer = await openImage(page, wasteImageId);
    await expect(page.getByTestId('headline-waste')).toContainText(formatBytes(4_000_000));
    await explorer.tab('waste').click();
    const finding = explorer.findings.filter({ hasText: '/opt/big-4mb.bin' }).first();
    await expect(finding).toHaveAttribute('data-category', 'hidden-by-later-layer');
    await expect(finding.getByTestId('finding-bytes')).toContainText(formatBytes(4_000_000));
    await expect(finding).toContainText('Fix:');
    // Code spans are code, not backticks.
    await expect(finding.getByTestId('finding-fix')).not.toContainText('`');
    await expect(finding.getByTestId('finding-fix').locator('code').first()).toBeVisible();
    await expect(finding.getByTestId('finding-layer')).toContainText('head -c 4000000');
    await page.screenshot({ path: `${screenshots}/waste.png`, fullPage: true });

    // Your build only: the base's findings leave, and the page says how many.
    const inBase = await explorer.findings.filter({ has: page.getByTestId('finding-in-base') }).count();
    await explorer.view('part-own').click();
    await expect(page.getByTestId('findings-panel')).toHaveAttribute('data-part', 'own');
    await expect(page.getByTestId('finding-in-base')).toHaveCount(0);
    await expect(finding).toBeVisible();
    if (inBase > 0) await expect(page.getByTestId('findings-left-out')).toContainText('in the base image');
    await explorer.view('part-all').click();

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

  test('each headline figure says what it is and, on a click, what it counts', async ({ page }) => {
    const explorer = await openImage(page, wasteImageId);
    for (const id of ['waste', 'efficiency', 'saving']) {
      const figure = page.getByTestId(`headline-${id}`);
      expect((await figure.getAttribute('title'))!.length).toBeGreaterThan(30);
      await figure.click();
      await expect(figure).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByTestId('figure-explanation')).toBeVisible();
    }
    await expect(page.getByTestId('figure-explanation')).toContainText('larger than the true waste');
    // Escape closes the explanation and stays on the page.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('figure-explanation')).toBeHidden();
    await expect(explorer.headline).toBeVisible();
    await expect(page).toHaveURL(/#\/image\//);
  });

  test('colour by status and by finding come with a legend', async ({ page }) => {
    const explorer = await openImage(page, wasteImageId);
    // Status colours are a layer's changes: offered once the view reads them as the Files tab does.
    await expect(explorer.colorBy.locator('option[value="status"]')).toBeDisabled();
    await explorer.view('by-layer').click();
    await explorer.colorBy.selectOption('status');
    await expect(explorer.legend).toContainText('Waste (hidden by a later layer)');
    await explorer.colorBy.selectOption('category');
    await expect(explorer.legend).toContainText('Hidden by a later layer');
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

  test('"Compare with…" finds the other image by typing; the two side by side with the right delta', async ({ page }) => {
    // An untagged image (a build leftover): not offered until something is typed.
    const dangling = execFileSync('docker', ['build', '-q', '-'], {
      input: `FROM layerlens-test/busybox:stable\nRUN echo ${randomBytes(6).toString('hex')} > /marker\n`,
      encoding: 'utf8',
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    }).trim();
    try {
      const explorer = await openImage(page, imageId);
      await page.screenshot({ path: `${screenshots}/treemap.png`, fullPage: true });
      const picker = new ImagePicker(page, 'compare-with');
      await picker.open();
      // The image itself is never offered; untagged ones wait for a search; a part of the other's tag narrows the list to it.
      await expect(picker.root.locator(`[data-image-id="${imageId}"]`)).toHaveCount(0);
      await expect(picker.root.getByTestId('picker-untagged-hidden')).toBeVisible();
      await expect(picker.root.locator(`[data-image-id="${dangling}"]`)).toHaveCount(0);
      await expect(picker.options.filter({ hasText: 'untagged' })).toHaveCount(0);
      await picker.search.fill(dangling.slice(7, 19));
      await expect(picker.options).toHaveCount(1);
      await expect(picker.options.first()).toHaveAttribute('data-image-id', dangling);
      await picker.search.fill(wasteTag.split(':')[1]);
      await expect(picker.options).toHaveCount(1);
      await expect(picker.options.first()).toHaveAttribute('data-image-id', wasteImageId);
      await page.keyboard.press('Enter');
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

      // The file diff: largest change first, filterable, in the explorer's letters.
      await expect(compare.diffRows.first()).toHaveAttribute('data-change', 'removed');
      await expect(compare.diffRows.first()).toContainText('/opt/random-3mb.bin');
      await expect(compare.diffRows.first().getByTestId('status-badge')).toHaveText('R');
      await compare.diffFilter.fill('*.bin');
      await expect(compare.diffRows).toHaveCount(4);
      await page.getByTestId('file-diff-change').selectOption('added');
      await expect(compare.diffRows).toHaveCount(2);
      await expect(compare.diffRows.first()).toContainText('/opt/app/data/two-mb.bin');
      await expect(compare.diffRows.first().getByTestId('diff-delta')).toHaveText(signed(2_000_000));
      await expect(explorer.headline).toBeHidden();

      // B is picked by typing too.
      const pickB = new ImagePicker(page, 'pick-b');
      await pickB.open();
      await pickB.search.fill(imageId.slice(7, 19));
      await expect(pickB.options).toHaveCount(0);
    } finally {
      execFileSync('docker', ['rmi', dangling], { stdio: 'ignore' });
    }
  });
});
