/**
 * An image read in place from a registry, end to end: a stand-in pushed to a real registry on 127.0.0.1
 * (test/local-registry.ts), opened from the images page with "Open from a registry…", and shown by its
 * analysis alone: where it was read from, its ID (the config digest the engine also has), its layers and
 * size, and none of the engine's actions. Nothing is pulled: the engine gains no image. The registry and
 * its folder are removed afterwards (the helper removes the tag it made to push).
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { LocalRegistry, requireLocalRegistryTools } from '../test/local-registry';
import { ImagePage } from './pages/image-page';

const url = process.env.LAYERLENS_URL!;
const standIn = 'layerlens-test/busybox:stable';
const screenshots = 'test-results/screenshots';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

test.describe('an image in a registry', () => {
  test.beforeAll(() => requireLocalRegistryTools());
  let registry: LocalRegistry;

  test.beforeAll(async () => {
    registry = await LocalRegistry.start();
  });

  test.afterAll(async () => {
    await registry?.stop();
  });

  test('opened by name from the images page: layers and size, read from the registry, no engine actions', async ({ page }) => {
    const tag = `t-${process.pid}`;
    const ref = await registry.push(standIn, `e2e/busybox:${tag}`);
    const imagesBefore = docker('images', '-q', '--no-trunc');
    const imagePage = new ImagePage(page);

    await page.goto(url);
    await expect(page.getByTestId('connection-state')).toHaveText('connected');
    await page.getByTestId('open-registry-button').click();
    const field = page.getByTestId('open-registry-ref');
    // A name without a tag or digest is refused with what to add, before any round trip.
    await field.fill(`${registry.host}/e2e/busybox`);
    await page.getByTestId('open-registry-submit').click();
    await expect(page.getByTestId('open-registry-problem')).toContainText('Add a tag');
    await field.fill(ref);
    await field.press('Enter');

    await expect(imagePage.root).toHaveAttribute('data-source', 'registry');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/image/registry://${ref}`);
    await expect(page.getByTestId('image-title')).toHaveText(ref);
    await expect(imagePage.layerRows.first()).toBeVisible({ timeout: 60_000 });

    // The registry's image is the stand-in: the same config digest (ID) and layers.
    const id = docker('image', 'inspect', '-f', '{{.Id}}', standIn);
    const layers = Number(docker('image', 'inspect', '-f', '{{len .RootFS.Layers}}', standIn));
    await expect(page.getByTestId('image-id')).toHaveAttribute('title', id);
    await expect(imagePage.layerRows).toHaveCount(layers);
    await expect(page.getByTestId('image-size')).toContainText(`${layers} layer`);
    // Files' bytes as read from the layers: within a few percent of the engine's size (tar headers aside).
    const engineBytes = Number(docker('image', 'inspect', '-f', '{{.Size}}', standIn));
    const sizeTitle = (await page.getByTestId('image-size').getAttribute('title'))!;
    const shownBytes = Number(/^([\d,]+) bytes/.exec(sizeTitle)![1]!.replaceAll(',', ''));
    expect(shownBytes).toBeGreaterThan(engineBytes * 0.9);
    expect(shownBytes).toBeLessThanOrEqual(engineBytes * 1.05);
    await expect(imagePage.headline).toBeVisible();

    // It says where it was read from, and offers nothing that needs the image in the engine.
    await expect(page.getByTestId('registry-source')).toContainText(`Read from the registry ${registry.host}`);
    await expect(page.getByTestId('image-source')).toHaveText(`registry ${registry.host}`);
    await expect(page.getByTestId('rebuild-image')).toHaveCount(0);
    await expect(page.getByTestId('compare-with')).toHaveCount(0);
    await expect(page.getByTestId('image-gone')).toHaveCount(0);
    await expect(page.getByTestId('config-summary')).toHaveCount(0);
    await page.screenshot({ path: `${screenshots}/registry-image.png`, fullPage: true });

    // Nothing was pulled.
    expect(docker('images', '-q', '--no-trunc')).toBe(imagesBefore);

    // Back to the list.
    await imagePage.backButton.click();
    await expect(page.getByTestId('images-summary')).toBeVisible();
  });

  test('an unknown tag says it is not in the registry', async ({ page }) => {
    await page.goto(`${url}#/image/${encodeURIComponent(`registry://${registry.host}/e2e/nothing:here`)}`);
    await expect(page.getByTestId('image-error')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('image-error')).toContainText(/not in the registry|not found|no such/i);
    await page.getByRole('button', { name: 'Back to the images' }).click();
    await expect(page.getByTestId('images-summary')).toBeVisible();
  });
});
