/**
 * The browser front door end to end: the real `layerlens serve` against the real engine, with the
 * docker CLI as the independent oracle for sizes.
 */
import { execFileSync } from 'node:child_process';
import { expect, request, test } from '@playwright/test';
import type { ConnectionStatus } from '../src/shared/contract';
import { formatBytes } from '../src/shared/format';
import { answer, dropCalls, fail, refuseCalls } from './pages/api-mocks';
import { ImagePage } from './pages/image-page';
import { ImagesPage } from './pages/images-page';

const url = process.env.LAYERLENS_URL!;
const origin = process.env.LAYERLENS_ORIGIN!;
const tag = process.env.LAYERLENS_TEST_IMAGE!;
const imageId = process.env.LAYERLENS_TEST_IMAGE_ID!;
const screenshots = 'test-results/screenshots';

function dockerSize(ref: string): number {
  return Number(execFileSync('docker', ['image', 'inspect', '-f', '{{.Size}}', ref], { encoding: 'utf8' }).trim());
}

test.describe('images list', () => {
  test('shows the test image with the size docker reports', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await expect(list.row(imageId)).toBeVisible();
    await expect(list.row(imageId)).toContainText(tag);
    await expect(list.sizeOf(imageId)).toHaveText(formatBytes(dockerSize(tag)));
    await expect(page.getByTestId('images-summary')).toContainText('on disk');
    // The token has done its job once the page loaded: it must not stay in the address bar.
    await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
    await page.screenshot({ path: `${screenshots}/images.png`, fullPage: true });
  });

  test('filters by tag and sorts by name', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.filter.fill(tag);
    await expect(list.rows).toHaveCount(1);
    await expect(list.rows.first()).toHaveAttribute('data-image-id', imageId);

    await list.filter.fill('');
    await list.sortBy('name');
    await expect(list.sortHeader('name')).toHaveAttribute('aria-sort', 'ascending');
    const names = await list.names();
    const named = names.filter((name) => name !== '<none>');
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b)));

    await list.sortBy('name');
    await expect(list.sortHeader('name')).toHaveAttribute('aria-sort', 'descending');
    const reversed = (await list.names()).filter((name) => name !== '<none>');
    expect(reversed).toEqual([...named].reverse());
  });

  test('follows the engine: a new tag shows up without a reload', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await expect(list.row(imageId)).not.toContainText('+1 tag');
    const extraTag = `${tag}-live`;
    execFileSync('docker', ['tag', tag, extraTag]);
    try {
      await expect(list.row(imageId)).toContainText('+1 tag');
    } finally {
      execFileSync('docker', ['rmi', extraTag]);
    }
    await expect(list.row(imageId)).not.toContainText('+1 tag');
  });

  test('arrow keys move between rows and Enter opens', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(list.rows.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(list.rows.first()).toBeFocused();

    await list.filter.fill(tag);
    await list.rows.first().focus();
    await page.keyboard.press('Enter');
    await expect(new ImagePage(page).root).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/image/${encodeURIComponent(imageId)}$`));
  });
});

test.describe('image page', () => {
  test('shows the layers, the chart and the config', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.row(imageId).click();

    const image = new ImagePage(page);
    await expect(image.root).toBeVisible();
    await expect(page.getByTestId('image-title')).toHaveText(tag);
    await expect(image.layerRows).toHaveCount(4);
    await expect(image.chart).toBeVisible();
    await expect(image.chart.locator('.recharts-bar-rectangle')).toHaveCount(4);
    for (const file of ['random-3mb.bin', 'payload.txt', 'one-mb.bin']) {
      await expect(image.layerWith(file)).toHaveCount(1);
    }

    const payloadLayer = image.layerWith('payload.txt');
    const expand = payloadLayer.getByTestId('layer-expand');
    await expect(expand).toHaveAttribute('aria-expanded', 'false');
    await expand.click();
    await expect(expand).toHaveAttribute('aria-expanded', 'true');
    await expect(payloadLayer.getByTestId('layer-instruction-full')).toContainText('payload.txt');

    await expect(image.config).toContainText('8080/tcp');
    await expect(image.config).toContainText('/opt/app');
    await page.screenshot({ path: `${screenshots}/image.png`, fullPage: true });

    await page.keyboard.press('Backspace');
    await expect(list.table).toBeVisible();
    await expect(image.root).toBeHidden();
  });

  test('the back button returns to the list', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.row(imageId).click();
    const image = new ImagePage(page);
    await expect(image.layerRows).toHaveCount(4);
    await image.backButton.click();
    await expect(list.row(imageId)).toBeVisible();
  });

  test('an unknown image says so', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    // A reload of the tab keeps its token (sessionStorage), though the address no longer shows it.
    await page.goto(`${url}#/image/${encodeURIComponent(`sha256:${'0'.repeat(64)}`)}`);
    await page.reload();
    await expect(page.getByTestId('image-not-found')).toBeVisible();
  });

  test('dark theme screenshots', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const list = new ImagesPage(page);
    await list.open(url);
    await page.screenshot({ path: `${screenshots}/images-dark.png`, fullPage: true });
    await list.row(imageId).click();
    await expect(new ImagePage(page).layerRows).toHaveCount(4);
    await page.screenshot({ path: `${screenshots}/image-dark.png`, fullPage: true });
  });
});

test.describe('states the real engine cannot be put in', () => {
  const refused: ConnectionStatus = {
    state: 'disconnected',
    endpoint: 'unix:///var/run/docker.sock (default socket)',
    error: {
      code: 'DOCKER_PERMISSION_DENIED',
      message: 'Permission denied on unix:///var/run/docker.sock: your user is not in the docker group.',
    },
    nextRetryAt: Date.now() + 60_000,
  };

  test('engine permission error shows the fix and retries on request', async ({ page }) => {
    await fail(page, 'listImages', { code: 'DOCKER_PERMISSION_DENIED', message: 'no' });
    await answer(page, 'getConnection', refused);
    let reconnects = 0;
    await page.route('**/api/call/reconnect', (route) => {
      reconnects += 1;
      return route.fulfill({ json: { ok: true, result: { ...refused, nextRetryAt: Date.now() + 60_000 } } });
    });
    await page.goto(url);
    const panel = page.getByTestId('engine-error');
    await expect(panel).toContainText(refused.error!.message);
    await expect(panel).toContainText('sudo usermod -aG docker $USER');
    await expect(panel).toContainText(/retrying automatically in \d+ s/i);
    await expect(page.getByTestId('connection-state')).toHaveText('disconnected');
    await page.screenshot({ path: `${screenshots}/engine-error.png`, fullPage: true });
    await page.getByTestId('retry-button').click();
    await expect.poll(() => reconnects).toBe(1);
    await expect(panel).toBeVisible();
  });

  test('an engine without images shows how to get one', async ({ page }) => {
    await answer(page, 'listImages', { images: [], totalDiskBytes: 0 });
    await page.goto(url);
    await expect(page.getByTestId('empty-state')).toContainText('docker build');
  });

  test('a refused call says to open the printed URL', async ({ page }) => {
    await refuseCalls(page, 401);
    await page.goto(url);
    await expect(page.getByTestId('unauthorized')).toContainText('layerlens serve');
    await expect(page.getByTestId('connection-state')).toHaveText('disconnected');
  });

  test('a stopped server is reported', async ({ page }) => {
    await dropCalls(page);
    await page.goto(url);
    await expect(page.getByTestId('server-unreachable')).toBeVisible();
  });
});

test.describe('server guard', () => {
  test('refuses requests without the token', async () => {
    const anonymous = await request.newContext();
    expect((await anonymous.post(`${origin}/api/call/listImages`, { data: [] })).status()).toBe(401);
    expect((await anonymous.post(`${origin}/api/call/listImages?token=wrong`, { data: [] })).status()).toBe(401);
    await anonymous.dispose();
  });

  test('a tab opened without the token can do nothing and says how to get in', async ({ page }) => {
    await page.goto(`${origin}/`);
    await expect(page.getByTestId('unauthorized')).toBeVisible();
    await expect(page.getByTestId('image-row')).toHaveCount(0);
  });

  test('refuses a foreign Origin even with the token', async () => {
    const token = new URL(url).searchParams.get('token')!;
    const foreign = await request.newContext({ extraHTTPHeaders: { Origin: 'http://evil.example' } });
    expect((await foreign.get(url)).status()).toBe(403);
    const call = await foreign.post(`${origin}/api/call/listImages`, {
      data: [],
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(call.status()).toBe(403);
    await foreign.dispose();
  });
});
